//! What the command line says about the table defaults a run uses (`crate::spec::table_defaults`):
//! one reason a line on stderr, and the `table_defaults` object of the `--json` report.

use crate::choice::Choice;
use crate::spec::table_defaults::{Reason, Setting, TableDefaults};
use crate::spec::ExperimentSpec;

/// The reasons that apply to `spec`'s model: all of them for a network; for a model that is
/// not one (a tree, a forest …) only the split — it has no batches, step size or layers.
fn reasons(defaults: &TableDefaults, spec: &ExperimentSpec) -> Vec<Reason> {
    let network = spec.model.learner.is_none();
    defaults.reasons().into_iter().filter(|r| network || r.setting == Setting::Split).collect()
}

/// Says on stderr which table defaults the run uses, one reason a line, and which flags
/// replaced.
pub(super) fn note(defaults: &TableDefaults, spec: &ExperimentSpec) {
    let shape = &defaults.shape;
    eprintln!(
        "lantern: defaults for a table of {} rows × {} columns ({}); flags override them:",
        crate::text::thousands(shape.rows),
        shape.columns,
        shape.task.name()
    );
    for r in reasons(defaults, spec) {
        if defaults.holds(r.setting, spec) {
            eprintln!("lantern:   {}", r.text);
        } else {
            eprintln!("lantern:   ({}: {}, from the flags)", r.setting.name(), r.setting.in_spec(spec));
        }
    }
}

/// The `table_defaults` object of the `--json` report: the table's shape, the settings chosen,
/// and each reason with whether a flag overrode its setting.
pub(super) fn json(defaults: &TableDefaults, spec: &ExperimentSpec) -> serde_json::Value {
    let reasons: Vec<serde_json::Value> = reasons(defaults, spec)
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "setting": r.setting.name(),
                "reason": r.text,
                "overridden": !defaults.holds(r.setting, spec),
                "now": r.setting.in_spec(spec),
            })
        })
        .collect();
    let mut settings = serde_json::to_value(defaults).unwrap_or_default();
    if let Some(map) = settings.as_object_mut() {
        map.remove("shape");
    }
    serde_json::json!({
        "rows": defaults.shape.rows,
        "columns": defaults.shape.columns,
        "task": defaults.shape.task.name(),
        "settings": settings,
        "reasons": reasons,
    })
}
