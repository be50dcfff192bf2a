//! `lantern run … --search random:40 --range lr=1e-4..1e-1:log --range hidden=4..64`: a
//! hyper-parameter search ([`crate::compare::search`]) run here, one run after another, batch
//! by batch; prints the runs ranked by score and the best settings (`--json`: one object with
//! the ranking and the best run's spec).

use super::link::Run;
use super::SpecArgs;
use crate::choice::Choice;
use crate::compare::format;
use crate::compare::search::{parse_method, Proposal, Scoring, Search, SearchPlan, SearchRange};
use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::inputs::builtin_table;
use crate::train::Trainer;
use std::io::Write;

/// Runs the search `method` (`random:N`, `tpe:N`) over the `--range`s around `run`'s spec.
///
/// # Errors
/// [`Error::Plan`] for a bad method, range or score; [`Error::Spec`] when the score needs a
/// validation share the spec does not have, or cross-validation of generated data.
pub(super) fn run(args: &SpecArgs, method: &str, run: &Run, out: &mut impl Write) -> Result<()> {
    let (method, budget) = parse_method(method)?;
    if args.range.is_empty() {
        return Err(Error::Plan("give a --range for each setting to search, e.g. --range lr=1e-4..1e-1:log".into()));
    }
    let ranges = args.range.iter().map(|r| SearchRange::parse(r)).collect::<Result<Vec<_>>>()?;
    let scoring = match (args.cv, args.score.as_deref()) {
        (Some(k), None) => Scoring::CrossValidated(k),
        (Some(_), Some(_)) => {
            return Err(Error::Plan("with --cv the score is the folds' mean accuracy or R²: leave out --score".into()))
        }
        (None, None | Some("validation")) => Scoring::Validation,
        (None, Some("validation_loss")) => Scoring::ValidationLoss,
        (None, Some(other)) => {
            return Err(Error::Plan(format!("--score `{other}`: use validation or validation_loss")));
        }
    };
    let spec = &run.spec;
    if !matches!(scoring, Scoring::CrossValidated(_)) && spec.data.validation_fraction <= 0.0 {
        return Err(Error::spec(
            "validation_fraction",
            "a search scores each run on validation rows: set --validation-fraction 0.2, or use --cv K",
        ));
    }
    let bundled;
    let table: Option<&Table> = match (&spec.data.source, run.table.as_ref(), scoring) {
        (_, Some(t), _) => Some(t),
        (DataSource::Builtin { name }, None, Scoring::CrossValidated(_)) => {
            bundled = builtin_table(name)?;
            Some(&bundled)
        }
        (_, None, Scoring::CrossValidated(_)) => {
            return Err(Error::spec(
                "cv",
                "cross-validation folds a table (--data or --builtin): generated points have none",
            ))
        }
        _ => None,
    };
    let plan = SearchPlan { ranges, budget, method, scoring };
    let search = Search::new(spec, plan)?;
    let done = crate::compare::run_search(search, |p| {
        let score = score_run(p, table, scoring, args.fold_by().as_ref());
        if !args.json {
            eprintln!("lantern: search run {} of {budget}: {} → {}", p.index + 1, p.job.label, format::metric(score));
        }
        Ok(score)
    })?;
    if args.json {
        let _ = writeln!(out, "{}", json(&done)?);
    } else {
        for line in text(&done)? {
            let _ = writeln!(out, "{line}");
        }
    }
    Ok(())
}

/// One run's score; NaN (ranked last) when it cannot train.
fn score_run(p: &Proposal, table: Option<&Table>, scoring: Scoring, by: Option<&crate::spec::FoldBy>) -> f64 {
    let result = match scoring {
        Scoring::CrossValidated(k) => table.ok_or_else(|| Error::data("no table to fold")).and_then(|t| {
            let cv = crate::train::cross_validation::cross_validate(&p.job.spec, t, k, by, |_, _| {})?;
            Ok(cv.summary.iter().find(|(n, _)| *n == "accuracy" || *n == "r2").map_or(f64::NAN, |(_, s)| s.mean))
        }),
        _ => train(&p.job.spec, table).map(|t| scoring.of_epoch(t.history().last())),
    };
    result.unwrap_or_else(|e| {
        eprintln!("lantern: search run {} failed: {e}", p.index + 1);
        f64::NAN
    })
}

fn train(spec: &ExperimentSpec, table: Option<&Table>) -> Result<Trainer> {
    let mut trainer = Trainer::with_table(spec, table)?;
    while !trainer.is_done() {
        trainer.run_epoch()?;
    }
    Ok(trainer)
}

/// The ranked table and the best settings, as printed.
fn text(search: &Search) -> Result<Vec<String>> {
    let plan = search.plan();
    let names: Vec<String> = plan.ranges.iter().map(|r| r.param.short().to_string()).collect();
    let rows: Vec<Vec<String>> = search
        .ranked()
        .iter()
        .enumerate()
        .map(|(rank, t)| {
            let mut row = vec![(rank + 1).to_string(), format!("#{}", t.index + 1)];
            row.extend(search.values(&t.setting));
            row.push(format::metric(t.score));
            row
        })
        .collect();
    let mut head = vec!["rank".to_string(), "run".to_string()];
    head.extend(names);
    head.push(plan.scoring.describe());
    let widths: Vec<usize> =
        (0..head.len()).map(|c| rows.iter().chain([&head]).map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let line = |r: &[String]| -> String {
        let cells: Vec<String> = r.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect();
        cells.join("  ").trim_end().to_string()
    };
    let mut lines = vec![format!(
        "{} of {} runs, scored by {} ({} is better)",
        plan.method.label(),
        plan.budget,
        plan.scoring.describe(),
        if plan.scoring.better() == crate::validate::Better::Higher { "higher" } else { "lower" }
    )];
    lines.push(line(&head));
    lines.extend(rows.iter().map(|r| line(r)));
    match search.best() {
        Some(best) => lines.push(format!(
            "best: {} (run #{}, score {})",
            search.describe(&best.setting),
            best.index + 1,
            format::metric(best.score)
        )),
        None => lines.push("best: none (every run failed: narrow the ranges)".into()),
    }
    Ok(lines)
}

/// `--json`: the ranking and the best run's settings and spec.
fn json(search: &Search) -> Result<serde_json::Value> {
    let plan = search.plan();
    let settings = |setting| -> serde_json::Map<String, serde_json::Value> {
        plan.ranges
            .iter()
            .zip(search.values(setting))
            .map(|(r, v)| {
                let value = match (v.parse::<i64>(), v.parse::<f64>()) {
                    (Ok(n), _) => serde_json::json!(n),
                    (_, Ok(x)) => serde_json::json!(x),
                    _ => serde_json::json!(v),
                };
                (r.param.name().to_string(), value)
            })
            .collect()
    };
    let runs: Vec<serde_json::Value> = search
        .ranked()
        .iter()
        .enumerate()
        .map(|(rank, t)| {
            serde_json::json!({"rank": rank + 1, "run": t.index + 1, "settings": settings(&t.setting), "score": t.score})
        })
        .collect();
    let best = match search.best() {
        Some(b) => {
            let spec = serde_json::to_value(search.spec_of(&b.setting)?)
                .map_err(|e| Error::Plan(format!("cannot write the best spec: {e}")))?;
            serde_json::json!({"run": b.index + 1, "settings": settings(&b.setting), "score": b.score, "spec": spec})
        }
        None => serde_json::Value::Null,
    };
    Ok(serde_json::json!({
        "method": plan.method.name(),
        "budget": plan.budget,
        "scoring": plan.scoring.describe(),
        "higher_is_better": plan.scoring.better() == crate::validate::Better::Higher,
        "runs": runs,
        "best": best,
    }))
}
