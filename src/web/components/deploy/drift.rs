//! New data against the model's training data: per input column PSI, the Kolmogorov–Smirnov
//! test, the largest category share shift and the change of missing cells, flagged (colour and
//! word) above the documented thresholds and sorted worst first; a one-sentence verdict; the
//! training and new distributions overlaid for each flagged column (PNG/SVG downloads, text
//! alternative); with the target column, the metrics on the new rows and retraining.

use super::metrics::metrics_table;
use super::retrain::RetrainButtons;
use crate::deploy::drift::{compact_p, thresholds};
use crate::deploy::{ColumnDrift, DriftLevel};
use crate::text::thousands;
use crate::viz::{compact_number, describe_share_overlay, draw_share_overlay, ShareOverlay, Theme};
use crate::web::components::common::chart::Chart;
use crate::web::components::common::help_tip::{described_by, Explain, HelpTip};
use crate::web::glue::file::{picked_file, read_bytes, spawn};
use crate::web::state::{DeployState, DriftView};
use leptos::prelude::*;
use std::sync::Arc;

/// The thresholds, as the README states them.
fn thresholds_text() -> String {
    format!(
        "Flags: PSI ≥ {} moderate, ≥ {} major; Kolmogorov–Smirnov p < {} (numbers), unseen categories ≥ {:.0} % \
         or a change of the missing share ≥ {:.0} points: at least moderate. PSI below {} is the usual reading of \
         “stable”.",
        thresholds::PSI_MODERATE,
        thresholds::PSI_MAJOR,
        thresholds::KS_ALPHA,
        thresholds::UNSEEN_SHARE * 100.0,
        thresholds::MISSING_SHIFT * 100.0,
        thresholds::PSI_MODERATE
    )
}

fn percent(v: f64) -> String {
    format!("{}%", compact_number((v * 1000.0).round() / 10.0))
}

fn row(c: &ColumnDrift) -> impl IntoView {
    let (d, p) = c.ks.map_or(("—".to_string(), "—".to_string()), |k| (format!("{:.3}", k.d), compact_p(k.p_value)));
    let shift = c
        .largest_shift
        .as_ref()
        .map_or("—".to_string(), |s| format!("{}: {} → {}", s.category, percent(s.reference), percent(s.current)));
    let missing = format!("{} → {}", percent(c.missing_share.0), percent(c.missing_share.1));
    let level = c.level.name();
    let why = if c.reasons.is_empty() { "below every threshold".to_string() } else { c.reasons.join("; ") };
    view! {
        <tr data-column=c.name.clone() data-level=level>
            <th scope="row">{c.name.clone()}</th>
            <td>{if c.numeric { "number" } else { "category" }}</td>
            <td class="num">{if c.psi.is_nan() { "—".to_string() } else { format!("{:.3}", c.psi) }}</td>
            <td class="num">{d}</td>
            <td class="num">{p}</td>
            <td>{shift}</td>
            <td class="num">{missing}</td>
            <td class=format!("flag flag-{level}")>
                <span class="flag-word">{if c.level == DriftLevel::None { "—".to_string() } else { level.to_string() }}</span>
                <span class="flag-why">{why}</span>
            </td>
        </tr>
    }
}

/// The chart of one flagged column; its text alternative ends with the column's PSI and flag,
/// as the table shows them.
fn overlay_chart(c: &ColumnDrift) -> impl IntoView {
    let overlay = c.chart.clone();
    let labels = ("training", "new");
    let psi = if c.psi.is_nan() { "—".to_string() } else { format!("{:.3}", c.psi) };
    let text = format!("{}; PSI {psi}, {} drift", describe_share_overlay(&overlay, labels), c.level.name());
    let name = overlay.name.clone();
    let testid = format!("drift-chart-{name}");
    let caption = format!("{name}: training rows (bars) against the new rows (line or outline), as shares of each.");
    view! {
        <figure class="drift-chart">
            <Chart
                label=Signal::derive(move || text.clone())
                width=420
                height=260
                testid=testid
                name=format!("drift-{name}")
                data=move || overlay.clone()
                explained_by="drift-charts"
                paint=crate::painter!(|area, o: &ShareOverlay| draw_share_overlay(area, o, ("training", "new"), &Theme::default()))
            />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

fn report_view(d: Arc<DriftView>, deploy: DeployState) -> impl IntoView {
    let r = &d.report;
    let rows = r.by_severity().into_iter().map(row).collect_view();
    let charts = r.flagged().into_iter().map(overlay_chart).collect_view();
    let missing = (!r.missing_columns.is_empty())
        .then(|| format!("Not in the file, so not measured: {}.", r.missing_columns.join(", ")));
    let notices = r.notices.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
    let metrics = match &d.evaluation {
        None => None,
        Some(Ok(e)) => deploy.model.get_untracked().map(|m| {
            view! { {metrics_table("drift-metrics", "Metrics on the new data's rows and on the test set", e, &m.predictor.card().test)} <RetrainButtons /> }.into_any()
        }),
        Some(Err(why)) => Some(view! { <p class="caption" data-testid="drift-no-metrics">{format!("No metrics: {why}")}</p> }.into_any()),
    };
    view! {
        <p class="verdict-line" data-testid="drift-verdict"><strong>{r.verdict()}</strong></p>
        <p class="caption" data-testid="drift-summary">
            {format!("{}: {} new rows against {} training rows, measured in {:.0} ms.", d.name, thousands(r.rows), thousands(r.reference_rows), d.ms)}
            {missing.map(|m| format!(" {m}"))}
        </p>
        <ul class="notices">{notices}</ul>
        // Focusable, so that a keyboard can scroll it sideways.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Drift per input column">
            <table class="drift-table" data-testid="drift-table">
                <caption>"Per input column, worst first. " {thresholds_text()}</caption>
                <thead>
                    <tr>
                        <th scope="col">"column"</th>
                        <th scope="col">"kind"</th>
                        <th scope="col"><abbr title="population stability index over ten training quantile bins, or the categories">"PSI"</abbr></th>
                        <th scope="col"><abbr title="Kolmogorov–Smirnov statistic: the largest gap between the two cumulative distributions">"KS D"</abbr></th>
                        <th scope="col"><abbr title="Kolmogorov–Smirnov p-value (asymptotic)">"KS p"</abbr></th>
                        <th scope="col">"largest share shift"</th>
                        <th scope="col">"missing"</th>
                        <th scope="col">"flag"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Explain id="drift-charts" />
        <div class="drift-charts" data-testid="drift-charts">{charts}</div>
        {metrics}
    }
}

/// Drift of a new CSV file.
#[component]
pub fn DriftCheck() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        spawn(async move {
            match read_bytes(&file).await {
                Ok(bytes) => deploy.check_drift(file.name(), bytes),
                Err(e) => deploy.fail(e),
            }
        });
    };
    view! {
        <details class="deploy-section" open=true>
            <summary aria-describedby=described_by("drift-check")><h3>"Check new data for drift"</h3></summary>
            <p class="caption">
                "Compares each input column of a new file with the model's training rows (statistics kept in the "
                "model card). With the target column, the model's metrics on the new rows and retraining follow."
            </p>
            <label class="button-like">
                "Choose new data (CSV)…"
                <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" class="visually-hidden"
                    data-testid="drift-input" aria-describedby=described_by("drift-check") on:change=pick />
            </label>
            <HelpTip ids=vec!["drift-check"] about="checking new data for drift" />
            {move || deploy.drift.get().map(|d| report_view(d, deploy))}
        </details>
    }
}
