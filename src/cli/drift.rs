//! `lantern drift`: per input column, how far the rows of a CSV file are from the model's
//! training rows (PSI, Kolmogorov–Smirnov, share shifts), flagged above the documented
//! thresholds; with the target column present, the model's metrics on the new rows too. Exits
//! 0 whatever the flags say (it reports; scripts read `--json`).

use super::predict::{load_bundle, metrics_json, metrics_lines};
use crate::deploy::drift::{compact_p, thresholds};
use crate::deploy::{drift_csv, DriftReport, Predictor};
use crate::error::{Error, Result};
use crate::viz::report::{index_html, svg_chart};
use crate::viz::{compact_number, describe_share_overlay, draw_share_overlay, Theme};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// `lantern drift`.
#[derive(Debug, Args)]
pub(super) struct DriftArgs {
    /// The exported model: its folder, a .zip of it, or its model.json.
    #[arg(long, value_name = "DIR|ZIP")]
    model: PathBuf,
    /// CSV file of new rows with (some of) the model's input columns.
    #[arg(long)]
    data: PathBuf,
    /// Print one JSON object (every column's statistics, flags and chart data) instead of the
    /// table.
    #[arg(long)]
    json: bool,
    /// Also write, for each flagged column, an SVG chart of the training against the new
    /// distribution (DIR/drift-<column>.svg), DIR/index.html showing them, and DIR/drift.json
    /// (the --json report). DIR is created if missing.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// The per-column table.
fn table(report: &DriftReport) -> Vec<String> {
    let mut lines = vec![format!(
        "{:<22} {:<11} {:>7} {:>6} {:>8} {:>15}  flag",
        "column", "kind", "PSI", "KS D", "KS p", "missing"
    )];
    for c in &report.columns {
        let (d, p) = c.ks.map_or(("-".to_string(), "-".to_string()), |k| (format!("{:.3}", k.d), compact_p(k.p_value)));
        let missing = format!("{:.0}% → {:.0}%", c.missing_share.0 * 100.0, c.missing_share.1 * 100.0);
        let mut line = format!(
            "{:<22} {:<11} {:>7} {d:>6} {p:>8} {missing:>15}  {}",
            crate::text::ellipsis(&c.name, 22),
            if c.numeric { "numeric" } else { "categorical" },
            if c.psi.is_nan() { "-".to_string() } else { format!("{:.3}", c.psi) },
            c.level.name()
        );
        if let Some(s) = &c.largest_shift {
            line += &format!(
                "  (largest shift: {} {}% → {}%)",
                s.category,
                compact_number(s.reference * 100.0),
                compact_number(s.current * 100.0)
            );
        }
        lines.push(line);
    }
    lines
}

/// Runs `lantern drift`, writing the report to `out`.
pub(super) fn run(args: &DriftArgs, out: &mut impl Write) -> Result<()> {
    let bundle = load_bundle(&args.model)?;
    let bytes =
        std::fs::read(&args.data).map_err(|e| Error::data(format!("cannot read `{}`: {e}", args.data.display())))?;
    let report = drift_csv(&bundle.card, &bytes)?;
    // With the target present (and every input), the metrics on the new rows.
    let has_target = crate::data::csv::read_csv(&bytes, &Default::default())
        .map(|l| l.table.column(&bundle.card.target).is_some())
        .unwrap_or(false);
    let predictor = Predictor::new(bundle)?;
    let labelled = if has_target {
        match predictor.predict_csv(&bytes) {
            Ok(batch) => batch.evaluation,
            Err(e) => {
                eprintln!("lantern: note: no metrics on the new rows: {e}");
                None
            }
        }
    } else {
        None
    };
    let card = predictor.card();
    if let Some(dir) = &args.out {
        super::output::create_dir(dir)?;
        let theme = Theme::light();
        let labels = ("training", "new");
        let charts = report
            .flagged()
            .iter()
            .map(|c| {
                let stem: String =
                    c.name.to_lowercase().chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' }).collect();
                svg_chart(
                    format!("drift-{stem}"),
                    format!("{}: training against new rows ({})", c.name, c.level.name()),
                    describe_share_overlay(&c.chart, labels),
                    (720, 480),
                    |a| draw_share_overlay(a, &c.chart, labels, &theme),
                )
            })
            .collect::<Result<Vec<_>>>()?;
        for c in &charts {
            super::output::write(&dir.join(format!("{}.svg", c.name)), c.svg.as_bytes())?;
        }
        super::output::write(&dir.join("index.html"), index_html(&charts).as_bytes())?;
        let json = serde_json::to_string_pretty(&report).map_err(|e| Error::Output {
            path: dir.join("drift.json").display().to_string(),
            message: e.to_string(),
        })?;
        super::output::write(&dir.join("drift.json"), format!("{json}\n").as_bytes())?;
    }
    if args.json {
        let mut v = serde_json::to_value(&report)
            .map_err(|e| Error::Output { path: "stdout".into(), message: e.to_string() })?;
        v["metrics"] = serde_json::json!(labelled.as_ref().map(|e| metrics_json(&e.evaluation)));
        v["test_metrics"] = metrics_json(&card.test);
        let _ = writeln!(out, "{v}");
        return Ok(());
    }
    for n in &report.notices {
        let _ = writeln!(out, "note: {n}");
    }
    let _ =
        writeln!(out, "drift of {} new rows against the model's {} training rows:", report.rows, report.reference_rows);
    for line in table(&report) {
        let _ = writeln!(out, "{line}");
    }
    if !report.missing_columns.is_empty() {
        let _ = writeln!(out, "not in the new rows (not measured): {}", report.missing_columns.join(", "));
    }
    let flagged = report.flagged();
    let major = flagged.iter().filter(|c| c.level == crate::deploy::DriftLevel::Major).count();
    let _ = writeln!(out, "flagged: {} of {} columns ({major} major)", flagged.len(), report.columns.len());
    for c in &flagged {
        let _ = writeln!(out, "  {}: {}", c.name, c.reasons.join("; "));
    }
    let _ = writeln!(
        out,
        "thresholds: PSI ≥ {} moderate, ≥ {} major; KS p < {}; unseen categories ≥ {} %; missing share change ≥ {} points",
        thresholds::PSI_MODERATE,
        thresholds::PSI_MAJOR,
        thresholds::KS_ALPHA,
        thresholds::UNSEEN_SHARE * 100.0,
        thresholds::MISSING_SHIFT * 100.0
    );
    if let Some(e) = &labelled {
        for line in metrics_lines(e, card) {
            let _ = writeln!(out, "{line}");
        }
    }
    Ok(())
}
