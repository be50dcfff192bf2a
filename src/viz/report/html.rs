//! The index page of a run's charts.

use super::ChartFile;

/// `text` safe inside HTML text and quoted attribute values: `& < > " '` as entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A self-contained HTML page (no script, inline style) showing `charts` in order: a list of
/// links, then per chart its title, the image `<name>.svg` (next to the page) with the
/// description as its `alt` text, and the description as a caption. Every text is escaped.
pub fn index_html(charts: &[ChartFile]) -> String {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Lantern run charts</title>\n<style>\n\
         body { font-family: sans-serif; color: #333; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }\n\
         figure { margin: 2rem 0; }\n img { max-width: 100%; height: auto; border: 1px solid #ddd; }\n\
         figcaption { color: #555; font-size: 0.9rem; }\n</style>\n</head>\n<body>\n\
         <h1>Lantern run charts</h1>\n<nav>\n<ul>\n",
    );
    for c in charts {
        let (name, title) = (escape_html(&c.name), escape_html(&c.title));
        page += &format!("<li><a href=\"#{name}\">{title}</a></li>\n");
    }
    page += "</ul>\n</nav>\n<main>\n";
    for c in charts {
        let (name, title, text) = (escape_html(&c.name), escape_html(&c.title), escape_html(&c.description));
        page += &format!(
            "<figure id=\"{name}\">\n<h2>{title}</h2>\n<img src=\"{name}.svg\" alt=\"{text}\">\n\
             <figcaption>{text}</figcaption>\n</figure>\n"
        );
    }
    page += "</main>\n</body>\n</html>\n";
    page
}
