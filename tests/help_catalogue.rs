//! Every control, chart and panel of the page's catalogue (`src/web/catalogue.rs`) has an
//! explanation (`src/web/help.rs`) of one to three sentences, the key formulas are there, and
//! no explanation is for something the page does not have. The two files are plain data, read
//! here without the web feature; the bundled lessons may only point at catalogued ids.

#[path = "../src/web/catalogue.rs"]
#[allow(dead_code)]
mod catalogue;
#[path = "../src/web/help.rs"]
#[allow(dead_code)]
mod help;

use catalogue::{CHARTS, CONTROLS, EXPLAINED, VIEWS};
use lantern::spec::lesson::builtin::BUILTIN_LESSONS;

fn all_ids() -> Vec<&'static str> {
    catalogue::control_ids()
        .chain(CHARTS.iter().map(|c| c.id))
        .chain(VIEWS.iter().map(|c| c.id))
        .chain(EXPLAINED.iter().flat_map(|(_, list)| list.iter().map(|c| c.id)))
        .collect()
}

/// Sentences in `text`: ends of sentence (`.`, `?`, `!`) followed by a space or the end.
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).filter(|&i| ".?!".contains(chars[i]) && chars.get(i + 1).is_none_or(|c| *c == ' ')).count()
}

#[test]
fn everything_catalogued_is_explained_in_one_to_three_sentences() {
    let ids = all_ids();
    assert_eq!(catalogue::control_ids().count(), 54, "controls in the catalogue");
    assert_eq!((CHARTS.len(), VIEWS.len()), (17, 6));
    let other: Vec<usize> = EXPLAINED.iter().map(|(_, list)| list.len()).collect();
    assert_eq!(other, [5, 3, 6, 1, 7, 8, 11, 6], "other explained controls, per group");
    for id in &ids {
        let e = help::explain(id).unwrap_or_else(|| panic!("`{id}` has no explanation in src/web/help.rs"));
        let n = sentences(e.text);
        assert!((1..=3).contains(&n), "`{id}`: {n} sentences: {}", e.text);
        assert!((40..=320).contains(&e.text.chars().count()), "`{id}`: {} characters", e.text.chars().count());
        assert!(e.text.ends_with('.'), "`{id}` ends a sentence");
        assert!(!e.text.contains("e.g.") && !e.text.contains("i.e."), "`{id}`: write it out for students");
        assert!(!e.formula.ends_with('.'), "`{id}`: a formula is not a sentence");
    }
    // Nothing explained that the page does not have, and each id once.
    for e in help::EXPLANATIONS {
        assert!(ids.contains(&e.id), "explanation for unknown id `{}`", e.id);
        assert_eq!(help::EXPLANATIONS.iter().filter(|x| x.id == e.id).count(), 1, "`{}` twice", e.id);
    }
    assert_eq!(help::EXPLANATIONS.len(), ids.len());
    assert_eq!(help::help_id("l2"), "help-text-l2");
}

#[test]
fn the_key_formulas_are_written_out() {
    let formula = |id: &str| {
        let e = help::explain(id).unwrap();
        format!("{} {}", e.text, e.formula)
    };
    for (id, needle) in [
        ("learning-rate", "w ← w − η·∂L/∂w"),
        ("l2", "½λ·Σw²"),
        ("loss-chart", "cross-entropy L = −(1/n)·Σ log pᵢ(yᵢ)"),
        ("activation", "max(0, x)"),
        ("boundary-chart", "softmax"),
        ("dropout", "1 − p"),
        ("scaling", "z = (x − μ)/σ"),
        ("evaluation", "balanced accuracy = (1/K)·Σₖ recallₖ"),
        ("roc-chart", "AUC"),
        ("predicted-chart", "R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)²"),
        ("numeric-missing", "x̄ = (1/n)·Σxᵢ"),
        ("categorical-missing", "one-hot"),
        ("column-kind", "one-hot"),
        ("queue-seeds", "s = √(Σ(x − x̄)²/(n − 1))"),
        ("drift-check", "PSI = Σ (pₙ − pₜ)·ln(pₙ/pₜ)"),
        ("loss-log", "log₁₀"),
    ] {
        assert!(formula(id).contains(needle), "`{id}` should show {needle}: {}", formula(id));
    }
}

#[test]
fn names_and_groups_are_unique() {
    let ids = all_ids();
    for id in &ids {
        assert_eq!(ids.iter().filter(|x| x == &id).count(), 1, "`{id}` catalogued twice");
        assert!(catalogue::name_of(id).is_some_and(|n| !n.is_empty()));
    }
    let groups: Vec<&str> = CONTROLS.iter().map(|(g, _)| *g).collect();
    assert_eq!(groups, ["Run", "Data", "Table preparation", "Model", "Training", "Page"]);
    let groups: Vec<&str> = EXPLAINED.iter().map(|(g, _)| *g).collect();
    assert_eq!(
        groups,
        [
            "Header, stages and lessons",
            "Own data",
            "Table view",
            "Defaults for a table",
            "Chart settings",
            "Share panel",
            "Compare runs",
            "Deploy & monitor"
        ]
    );
    // The controls that used to be explained only by a hover text, and the new panels' controls
    // and charts, are catalogued (and so explained, by the test above).
    for id in [
        "plane-x",
        "plane-y",
        "scatter-x",
        "scatter-y",
        "loss-log",
        "boundary-discrete",
        "column-kind",
        "compare",
        "deploy",
        "compare-chart",
        "drift-charts",
        "runs-table",
        "retrain",
        "export-model",
        "predict-form",
        "drift-check",
    ] {
        assert!(ids.contains(&id), "`{id}` is catalogued");
    }
    assert!(catalogue::is_control("learning-rate") && !catalogue::is_control("loss-chart"));
}

#[test]
fn bundled_lessons_point_only_at_catalogued_things() {
    let ids = all_ids();
    for b in &BUILTIN_LESSONS {
        let lesson = b.lesson().unwrap();
        for (k, step) in lesson.steps.iter().enumerate() {
            for id in step.highlight.iter() {
                assert!(ids.contains(&id.as_str()), "{} step {k} highlights unknown `{id}`", b.name);
            }
            for id in step.hidden.iter().chain(&step.locked) {
                assert!(catalogue::is_control(id), "{} step {k} hides or locks `{id}`, not a control", b.name);
            }
        }
    }
}
