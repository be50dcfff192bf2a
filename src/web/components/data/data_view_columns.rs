//! The data view's column summaries: one table row per column with its kind, missing cells,
//! statistics or most frequent values, why it is not a useful feature (if so), and a sparkline
//! of its distribution ([`crate::viz::draw_column_chart`]).
//!
//! Rows are shown in pages of [`PAGE`] ("Show more" adds the next page), so that a table with
//! thousands of columns never creates thousands of canvases at once; with more than a page of
//! columns a name filter appears.

use crate::choice::Choice;
use crate::data::schema::{ColumnKind, ColumnSummary};
use crate::text::ellipsis;
use crate::viz::{compact_number, describe_column_chart, draw_column_chart, Theme};
use crate::web::components::common::chart::Chart;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::data::data_view::thousands;
use crate::web::state::TableView;
use leptos::prelude::*;
use std::sync::Arc;

/// Summary rows rendered at first and added per "Show more".
pub const PAGE: usize = 50;
/// Sparkline size in pixels.
const SPARK: (u32, u32) = (160, 36);

/// The column summary table of `table`; row `target` (a column index) is highlighted.
#[component]
pub fn ColumnSummaries(table: Arc<TableView>, target: Memo<Option<usize>>) -> impl IntoView {
    let total = table.summaries.len();
    let shown = RwSignal::new(PAGE);
    let filter = RwSignal::new(String::new());
    let names: Arc<Vec<String>> = Arc::new(table.summaries.iter().map(|s| s.name.to_lowercase()).collect());
    let matching = Memo::new(move |_| {
        let f = filter.with(|f| f.trim().to_lowercase());
        (0..names.len()).filter(|&i| f.is_empty() || names[i].contains(&f)).collect::<Vec<usize>>()
    });
    let rows_table = table.clone();
    let remaining = move || matching.with(Vec::len).saturating_sub(shown.get());
    view! {
        // Focusable, so that a keyboard can scroll it sideways on a narrow screen.
        <div class="column-summaries" tabindex="0" role="region" aria-label="Column summaries">
            {(total > PAGE).then(|| view! {
                <label class="field inline">
                    <span class="field-label">"Find a column"</span>
                    <input
                        type="search"
                        data-testid="column-filter"
                        aria-describedby=described_by("column-list")
                        placeholder="name contains…"
                        prop:value=move || filter.get()
                        on:input=move |ev| { filter.set(event_target_value(&ev)); shown.set(PAGE); }
                    />
                </label>
            })}
            <table class="summaries" data-testid="column-summaries">
                <caption>
                    {move || {
                        let n = matching.with(Vec::len);
                        let visible = n.min(shown.get());
                        if visible == total {
                            format!("{} columns", thousands(total))
                        } else {
                            format!("Columns: showing {} of {} ({} in all)", thousands(visible), thousands(n), thousands(total))
                        }
                    }}
                    " "
                    <HelpTip ids=vec!["column-list"] about="the column summaries" />
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Column"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col" class="num">"Missing"</th>
                        <th scope="col">
                            <abbr title="numbers: mean ± standard deviation [smallest, largest]; text: most frequent values with their counts">
                                "Values"
                            </abbr>
                        </th>
                        <th scope="col">"Distribution"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || matching.get().into_iter().take(shown.get())
                        key=|i| *i
                        children=move |i| summary_row(rows_table.clone(), i, target)
                    />
                </tbody>
            </table>
            <Show when=move || { remaining() > 0 }>
                <button class="show-more" data-testid="show-more-columns" aria-describedby=described_by("column-list") on:click=move |_| shown.update(|s| *s += PAGE)>
                    {move || format!("Show {} more columns ({} not shown)", thousands(remaining().min(PAGE)), thousands(remaining()))}
                </button>
            </Show>
        </div>
    }
}

/// The kind in words.
pub fn kind_label(kind: ColumnKind) -> &'static str {
    kind.label()
}

/// `11 (3.2%)`, `0`, `1 (<0.1%)`.
pub fn missing_label(s: &ColumnSummary) -> String {
    let cells = s.count + s.missing;
    if s.missing == 0 || cells == 0 {
        return thousands(s.missing);
    }
    let pct = 100.0 * s.missing as f64 / cells as f64;
    let pct = if pct < 0.1 { "<0.1".to_string() } else { format!("{pct:.1}") };
    format!("{} ({pct}%)", thousands(s.missing))
}

/// `43.92 ± 5.46 [32.1, 59.6]` for numbers; `Adelie 152 · Gentoo 124 · …` for text.
pub fn values_label(s: &ColumnSummary) -> String {
    if let (Some(mean), Some(min), Some(max)) = (s.mean, s.min, s.max) {
        let sd = s.std.map_or(String::new(), |sd| format!(" ± {}", compact_number(sd)));
        return format!("{}{sd} [{}, {}]", compact_number(mean), compact_number(min), compact_number(max));
    }
    let shown: Vec<String> =
        s.top.iter().take(5).map(|(v, n)| format!("{} {}", ellipsis(v, 25), thousands(*n))).collect();
    let mut text = shown.join(" · ");
    if s.distinct > shown.len() {
        text += &format!(" · … ({} distinct)", thousands(s.distinct));
    }
    text
}

fn summary_row(table: Arc<TableView>, i: usize, target: Memo<Option<usize>>) -> impl IntoView {
    let Some(s) = table.summaries.get(i).cloned() else { return ().into_any() };
    let is_target = move || target.get() == Some(i);
    let label = Signal::stored(describe_column_chart(&s));
    let reason = s.reason.clone();
    let kind = kind_label(s.kind);
    view! {
        <tr class:target=is_target data-column=s.name.clone()>
            <th scope="row" class="col-name">
                <span class="name" title=s.name.clone()>{s.name.clone()}</span>
                <Show when=is_target>
                    <span class="badge">"target"</span>
                </Show>
            </th>
            <td class="kind">{kind}</td>
            <td class="num missing-count">{missing_label(&s)}</td>
            <td class="values">
                {values_label(&s)}
                {reason.map(|r| view! { <span class="reason">{r}</span> })}
            </td>
            <td class="spark">
                <Chart
                    label=label
                    width=SPARK.0
                    height=SPARK.1
                    testid="column-chart"
                    name="column"
                    tools=false
                    data=move || i
                    paint=crate::painter!(clone(table) |area, i: &usize| match table.summaries.get(*i) {
                        Some(s) => draw_column_chart(area, s, &Theme::default()),
                        None => Ok(()),
                    })
                />
            </td>
        </tr>
    }
    .into_any()
}
