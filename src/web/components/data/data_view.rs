//! The data view: what `lantern inspect` prints about the loaded table, but visual — size and
//! format, the reader's notices, one summary row per column with a sparkline
//! ([`crate::web::components::data::data_view_columns`]) and a virtualised grid of the cells ([`crate::web::components::data::data_view_grid`]).
//! Renders nothing for synthetic data.

use crate::data::csv::{DetectedFormat, Encoding, LineEnding, Notice};
use crate::web::components::common::chart::stage_shown;
use crate::web::components::common::deferred::NextTask;
use crate::web::components::common::help_tip::Explain;
use crate::web::components::common::lazy::LazyPart;
use crate::web::components::data::data_view_columns::ColumnSummaries;
use crate::web::components::data::data_view_grid::DataGrid;
use crate::web::state::{AppState, TableView};
use leptos::prelude::*;
use std::sync::Arc;

/// The data view of the current table ([`AppState::table`]); nothing when there is none.
/// The target column (`spec.data.prepare.target`) is highlighted in the summaries and the grid.
#[component]
pub fn DataView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.table.get() {
        Some(table) => view! { <TablePanel table=table /> }.into_any(),
        None => view! {
            <p class="panel stage-empty" data-testid="data-empty">
                "This dataset is generated: two features, drawn as points on the decision map in Model & train. \
                 To see a table here — its columns, distributions, correlations and a scatter plot — pick a real \
                 table in the Dataset menu above, or open, paste or fetch your own CSV file."
            </p>
        }
        .into_any(),
    }
}

#[component]
fn TablePanel(table: Arc<TableView>) -> impl IntoView {
    let summary = summary_line(&table);
    let notices = table.notices.clone();
    view! {
        <section class="panel data-view" data-testid="data-view" aria-labelledby="data-view-title">
            <h2 id="data-view-title">"Table: " {table.name.clone()}</h2>
            <Explain id="data-view" />
            <p class="data-summary" data-testid="data-summary">{summary}</p>
            {(!notices.is_empty()).then(|| view! {
                <ul class="table-notices" data-testid="table-notices" aria-label="How the file was read">
                    {notices.iter().map(notice_item).collect_view()}
                </ul>
            })}
            <LazyPart when=stage_shown() load=lazy_table::table_parts what="The table's columns and cells" />
        </section>
    }
}

/// The split point of the column summaries and the grid of cells (the Data stage's, loaded the
/// first time it shows a table; the page opens on Model & train).
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_table {
    use super::{AppState, ColumnSummaries, DataGrid, NextTask};
    use crate::web::components::common::lazy::Loaded;
    use leptos::prelude::*;

    #[leptos::wasm_split::wasm_split(table_parts, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn table_parts() -> Loaded {
        let state = expect_context::<AppState>();
        let Some(table) = state.table.get_untracked() else { return Ok(().into_any()) };
        let columns = table.table.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        // Index of the target column, so that only a change of target re-renders the highlights.
        let target = Memo::new(move |_| {
            state.spec.with(|s| s.data.prepare.target.as_ref().and_then(|t| columns.iter().position(|c| c == t)))
        });
        let for_grid = table.clone();
        Ok(view! {
            <NextTask><ColumnSummaries table=table.clone() target=target /></NextTask>
            <NextTask><DataGrid table=for_grid.clone() target=target /></NextTask>
        }
        .into_any())
    }
}

/// `344 rows × 8 columns · comma-separated, UTF-8, header line, decimal point, LF line ends`.
pub fn summary_line(table: &TableView) -> String {
    let rows = table.table.rows();
    let cols = table.table.columns.len();
    let size = format!(
        "{} {} × {} {}",
        thousands(rows),
        if rows == 1 { "row" } else { "rows" },
        thousands(cols),
        if cols == 1 { "column" } else { "columns" }
    );
    match &table.format {
        Some(f) => format!("{size} · {}", describe_format(f)),
        None => format!("{size} · bundled with Lantern (comma-separated, UTF-8, header line)"),
    }
}

/// The detected format in words.
pub fn describe_format(f: &DetectedFormat) -> String {
    let delimiter = match f.delimiter {
        b',' => "comma-separated".to_string(),
        b';' => "semicolon-separated".to_string(),
        b'\t' => "tab-separated".to_string(),
        b'|' => "separated by | (pipe)".to_string(),
        b' ' => "space-separated".to_string(),
        d => format!("separated by {}", crate::data::csv::show_delimiter(d)),
    };
    let encoding = match f.encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf8Bom => "UTF-8 with byte-order mark",
        Encoding::Windows1252 => "Windows-1252 (not UTF-8)",
    };
    let header = if f.header { "header line" } else { "no header line" };
    let decimal = if f.decimal_comma { "decimal comma (1,5 = 1.5)" } else { "decimal point" };
    let ends = match f.line_ending {
        LineEnding::Lf => "LF line ends",
        LineEnding::CrLf => "CRLF line ends",
    };
    format!("{delimiter}, {encoding}, {header}, {decimal}, {ends}")
}

fn notice_item(n: &Notice) -> impl IntoView {
    let place = match (n.line, &n.column) {
        (Some(l), Some(c)) => Some(format!("line {l}, column {c}: ")),
        (Some(l), None) => Some(format!("line {l}: ")),
        (None, Some(c)) => Some(format!("column {c}: ")),
        (None, None) => None,
    };
    view! { <li>{place.map(|p| view! { <span class="where">{p}</span> })}{n.message.clone()}</li> }
}

pub use crate::text::thousands;
