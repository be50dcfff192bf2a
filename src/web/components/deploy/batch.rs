//! A CSV file of new rows predicted at once: how it was read (rows, filled cells, unseen
//! categories), the first rows with their predictions, the predictions file to download, and
//! with the target column present the metrics on those rows next to the test metrics.

use super::metrics::metrics_table;
use crate::text::thousands;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::download::save_bytes;
use crate::web::glue::file::{picked_file, read_bytes, spawn};
use crate::web::state::{BatchView, DeployState};
use leptos::prelude::*;
use std::sync::Arc;

fn preview(b: &BatchView) -> impl IntoView {
    let head = b
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let class = if i >= b.given { "predicted" } else { "" };
            view! { <th scope="col" class=class>{h.clone()}</th> }
        })
        .collect_view();
    let given = b.given;
    let rows = b
        .preview
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let class = if i >= given { "predicted" } else { "" };
                    view! { <td class=class>{c.clone()}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        // Focusable, so that a keyboard can scroll it sideways.
        <div class="table-scroll" tabindex="0" role="region" aria-label="The first rows with their predictions">
            <table class="preview-table" data-testid="batch-preview">
                <caption>{format!("The first {} of {} rows, predictions on the right (the file has every digit)", b.preview.len(), thousands(b.rows))}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Batch prediction from a CSV file.
#[component]
pub fn BatchPredict() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        spawn(async move {
            match read_bytes(&file).await {
                Ok(bytes) => deploy.predict_file(file.name(), bytes),
                Err(e) => deploy.fail(e),
            }
        });
    };
    let view_of = move || {
        let b: Arc<BatchView> = deploy.batch.get()?;
        let model = deploy.model.get()?;
        let notices = b.notices.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
        let csv = b.csv.clone();
        let save = move |_| {
            if let Err(e) = save_bytes("predictions.csv", "text/csv", &csv) {
                deploy.fail(e);
            }
        };
        let metrics = b.evaluation.as_ref().map(|e| {
            metrics_table(
                "batch-metrics",
                "Metrics on the predicted file's rows and on the test set",
                e,
                &model.predictor.card().test,
            )
        });
        Some(view! {
            <p data-testid="batch-summary">
                {format!("{}: {} rows predicted in {:.0} ms.", b.name, thousands(b.rows), b.ms)}
            </p>
            <ul class="notices" data-testid="batch-notices">{notices}</ul>
            <button data-testid="batch-download" aria-describedby=described_by("predict-batch") on:click=save>"Download predictions.csv"</button>
            {preview(&b)}
            {metrics}
        })
    };
    view! {
        <details class="deploy-section" open=true>
            <summary aria-describedby=described_by("predict-batch")><h3>"Predict a CSV file"</h3></summary>
            <p class="caption">
                "A file with the model's input columns (others are ignored); predictions are appended to each row. "
                "With the target column too, the model's metrics on those rows are shown."
            </p>
            <label class="button-like">
                "Choose a CSV file…"
                <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" class="visually-hidden"
                    data-testid="batch-input" aria-describedby=described_by("predict-batch") on:change=pick />
            </label>
            <HelpTip ids=vec!["predict-batch"] about="predicting a file" />
            {view_of}
        </details>
    }
}
