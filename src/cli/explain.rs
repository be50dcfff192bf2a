//! `lantern run … --explain [FEATURE,…]`: partial dependence with ICE curves of some inputs
//! (`pdp-<feature>.svg` each in `--out DIR`) and the test rows the model gets most wrong
//! (`misclassified.csv`, or `worst-rows.csv` for a regression), and the report's `explain`
//! object ([`crate::train::explain`]).

use super::output::write;
use crate::error::{Error, Result};
use crate::train::{CaseKind, Cases, Importance, Trainer};
use crate::viz::{describe_dependence, draw_dependence, report::svg_chart, Theme};
use std::path::Path;

/// Inputs explained without a list: every input when there are at most this many, else this
/// many, the most important by permutation importance first.
pub const DEFAULT_FEATURES: usize = 4;

/// Pixel size of a dependence chart.
const SIZE: (u32, u32) = (720, 480);

/// The inputs to explain: those `wanted` by name (the prepared inputs' names, as the report's
/// `importance.features`), or the [`DEFAULT_FEATURES`] most important.
fn features(trainer: &Trainer, wanted: &[String], importance: Option<&Importance>) -> Result<Vec<usize>> {
    let names = &trainer.split().test.features;
    if wanted.is_empty() {
        let order = importance.map_or_else(|| (0..names.len()).collect(), Importance::order);
        return Ok(order.into_iter().take(DEFAULT_FEATURES).collect());
    }
    wanted
        .iter()
        .map(|w| {
            names.iter().position(|n| n == w.trim()).ok_or_else(|| {
                Error::spec("explain", format!("there is no input `{w}`: choose among {}", names.join(", ")))
            })
        })
        .collect()
}

/// A file name part for `name`: letters, digits, `-`, `_` and `.` kept, anything else `_`.
pub fn file_part(name: &str) -> String {
    name.chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect()
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The rows as CSV: `test_row, actual, predicted`, then each class's probability (`p_<class>`)
/// or the absolute error, then the row's values.
pub fn cases_csv(cases: &Cases) -> String {
    let mut head = vec!["test_row".to_string(), "actual".into(), "predicted".into()];
    match cases.kind {
        CaseKind::Misclassified => head.extend(cases.classes.iter().map(|c| format!("p_{c}"))),
        CaseKind::Worst => head.push("abs_error".into()),
    }
    head.extend(cases.columns.iter().cloned());
    let mut out = head.iter().map(|h| field(h)).collect::<Vec<_>>().join(",") + "\n";
    for c in &cases.cases {
        let mut cells = vec![c.row.to_string(), field(&c.actual), field(&c.predicted)];
        match cases.kind {
            CaseKind::Misclassified => cells.extend(c.probabilities.iter().map(|p| format!("{p:.4}"))),
            CaseKind::Worst => cells.push(crate::train::explain::units::number(c.score)),
        }
        cells.extend(c.values.iter().map(|v| field(v)));
        out += &(cells.join(",") + "\n");
    }
    out
}

/// Explains `wanted` inputs (see the module docs), writing the files into `dir` when given, and
/// returns the report's `explain` object.
///
/// # Errors
/// [`Error::Spec`] for an input that does not exist; [`Error::Output`] if a file cannot be
/// written; the model's errors.
pub(super) fn run(
    trainer: &Trainer,
    wanted: &[String],
    importance: Option<&Importance>,
    dir: Option<&Path>,
) -> Result<serde_json::Value> {
    let theme = Theme::light();
    let mut features = Vec::new();
    for j in self::features(trainer, wanted, importance)? {
        let dep = trainer.explain_feature(j, None)?;
        let input = trainer.split().test.features.get(j).cloned().unwrap_or_default();
        let file = format!("pdp-{}.svg", file_part(&input));
        if let Some(dir) = dir {
            let title = format!("Partial dependence on {}", dep.name);
            let chart =
                svg_chart(file.clone(), title, describe_dependence(&dep), SIZE, |a| draw_dependence(a, &dep, &theme))?;
            write(&dir.join(&file), chart.svg.as_bytes())?;
        }
        features.push(serde_json::json!({
            "input": input,
            "name": dep.name,
            "output": dep.output,
            "rows": dep.rows,
            "ice_curves": dep.ice.len(),
            "grid": dep.grid,
            "average": dep.average,
            "file": dir.map(|_| file),
        }));
    }
    let cases = trainer.explain_cases()?;
    let (kind, file) = match cases.kind {
        CaseKind::Misclassified => ("misclassified", "misclassified.csv"),
        CaseKind::Worst => ("worst", "worst-rows.csv"),
    };
    if let Some(dir) = dir {
        write(&dir.join(file), cases_csv(&cases).as_bytes())?;
    }
    let top: Vec<serde_json::Value> = cases
        .cases
        .iter()
        .take(5)
        .map(|c| serde_json::json!({"test_row": c.row, "actual": c.actual, "predicted": c.predicted, "score": c.score}))
        .collect();
    Ok(serde_json::json!({
        "features": features,
        "cases": {
            "kind": kind,
            "total": cases.total,
            "listed": cases.cases.len(),
            "test_rows": cases.test_rows,
            "top": top,
            "file": dir.map(|_| file),
        },
    }))
}
