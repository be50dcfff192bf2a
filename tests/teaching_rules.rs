//! The rules an opened link and a lesson step impose (hidden, locked, highlighted controls),
//! combined, and their CSS (`src/web/rules.rs`, plain data read here without the web feature).
//! The page recomputes them whenever the link or the step changes, so an empty set of rules
//! must give an empty sheet: that is what lifts the last hides and locks.

#[path = "../src/web/rules.rs"]
mod rules;

use rules::{css, Rules};

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_links_and_a_steps_rules_combine_each_id_once() {
    let link = Rules { hidden: ids(&["optimizer"]), locked: ids(&["dataset-select", "l2"]), highlight: vec![] };
    let step = Rules { hidden: ids(&["optimizer", "seed"]), locked: ids(&["l2"]), highlight: ids(&["train"]) };
    let both = link.and(step);
    assert_eq!(both.hidden, ids(&["optimizer", "seed"]));
    assert_eq!(both.locked, ids(&["dataset-select", "l2"]));
    assert_eq!(both.highlight, ids(&["train"]));
}

#[test]
fn the_sheet_has_one_rule_per_id_and_nothing_without_rules() {
    assert_eq!(css(&Rules::default()), "", "no rules, no CSS: everything shown and unlocked");
    let sheet = css(&Rules { hidden: ids(&["seed"]), locked: ids(&["l2"]), highlight: ids(&["train"]) });
    let lines: Vec<&str> = sheet.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "[data-testid=\"seed\"],label.field:has([data-testid=\"seed\"]){display:none !important}");
    assert_eq!(lines[1], "[data-testid=\"l2\"]{pointer-events:none;opacity:.6}");
    assert!(lines[2].starts_with(":is(label.field:has([data-testid=\"train\"]),[data-testid=\"train\"]:not(label.field *)){outline:4px solid var(--highlight) !important;"));
}
