//! Hidden, locked and highlighted controls as data: the rules an opened link's class options
//! and a lesson step ask for, combined, and the CSS that applies them by `data-testid`. Plain
//! data, no UI crate (`tests/teaching_rules.rs` reads it natively); the page applies it in
//! `components/teaching_rules.rs`.

/// The rules a link or a step asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rules {
    /// Controls not shown.
    pub hidden: Vec<String>,
    /// Controls shown but not changeable.
    pub locked: Vec<String>,
    /// Controls and charts outlined (a lesson step's).
    pub highlight: Vec<String>,
}

impl Rules {
    /// Both sets of rules at once (each id once, in order).
    pub fn and(mut self, other: Rules) -> Rules {
        for (mine, theirs) in
            [(&mut self.hidden, other.hidden), (&mut self.locked, other.locked), (&mut self.highlight, other.highlight)]
        {
            for id in theirs {
                if !mine.contains(&id) {
                    mine.push(id);
                }
            }
        }
        self
    }
}

/// The style sheet of `rules`.
pub fn css(rules: &Rules) -> String {
    let mut out = String::new();
    for id in &rules.hidden {
        out.push_str(&format!(
            "[data-testid=\"{id}\"],label.field:has([data-testid=\"{id}\"]){{display:none !important}}\n"
        ));
    }
    for id in &rules.locked {
        out.push_str(&format!("[data-testid=\"{id}\"]{{pointer-events:none;opacity:.6}}\n"));
    }
    for id in &rules.highlight {
        // The whole field (label and control) when the control sits in one, else the element.
        out.push_str(&format!(
            ":is(label.field:has([data-testid=\"{id}\"]),[data-testid=\"{id}\"]:not(label.field *)){{\
             outline:4px solid var(--highlight) !important;outline-offset:3px;border-radius:6px;\
             box-shadow:0 0 0 9px var(--highlight-glow)}}\n"
        ));
    }
    out
}
