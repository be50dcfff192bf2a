//! The data charts of a training table: a histogram or bar chart per column, and the
//! correlation heat map of the numeric columns.

use super::{svg_chart, ChartFile};
use crate::data::distribution::{level_counts, Correlation};
use crate::data::table::ColumnData;
use crate::data::Table;
use crate::error::Result;
use crate::viz::{
    describe_category_counts, describe_correlation, describe_histogram, draw_category_counts, draw_correlation,
    draw_histogram, Theme,
};

/// Most columns charted (and most columns in the correlation heat map).
pub const MAX_COLUMNS: usize = 12;

/// Most categories in a bar chart before the rest join "other".
const TOP_CATEGORIES: usize = 10;

/// Histograms / bar charts of the first [`MAX_COLUMNS`] columns, then the correlation of the
/// first [`MAX_COLUMNS`] numeric ones (when there are at least two).
pub(super) fn table_charts(table: &Table, size: (u32, u32), theme: &Theme) -> Result<Vec<ChartFile>> {
    let mut out = Vec::new();
    for (i, column) in table.columns.iter().take(MAX_COLUMNS).enumerate() {
        let (file, title, name) = (column_file_name(i, &column.name), format!("Column {}", column.name), &column.name);
        out.push(match &column.data {
            ColumnData::Numeric { values } => svg_chart(file, title, describe_histogram(values, name), size, |a| {
                draw_histogram(a, values, name, theme)
            })?,
            ColumnData::Text { codes, levels } => {
                let counts = level_counts(codes, levels);
                let text = describe_category_counts(&counts, name, TOP_CATEGORIES);
                svg_chart(file, title, text, size, |a| draw_category_counts(a, &counts, name, TOP_CATEGORIES, theme))?
            }
        });
    }
    let Correlation { names, r } = Correlation::of(table, MAX_COLUMNS);
    if names.len() >= 2 {
        let text = describe_correlation(&names, &r);
        out.push(svg_chart("correlation", "Correlation of the numeric columns", text, size, |a| {
            draw_correlation(a, &names, &r, theme)
        })?);
    }
    Ok(out)
}

/// `column-<k>-<slug>` (`k` 1-based): the name's ASCII letters and digits in lower case, other
/// runs of characters as one `-`, at most 40 characters; `column-<k>` when nothing is left.
pub(super) fn column_file_name(index: usize, name: &str) -> String {
    let mut slug = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("column-{}", index + 1)
    } else {
        format!("column-{}-{slug}", index + 1)
    }
}
