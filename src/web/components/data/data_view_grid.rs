//! The data view's grid of cells, virtualised in both directions so that 100,000 rows ×
//! 2,000 columns stay fast: a fixed-height scroll container holds a spacer as large as the
//! whole table (rows × [`ROW_H`], columns × [`COL_W`]), and only the rows and columns in view
//! (plus a few more on each side) exist as elements — one `<table>` placed at the window's
//! offset inside the spacer. Its header row and row-number column are sticky.
//!
//! Every row is exactly [`ROW_H`] pixels high and every column [`COL_W`] wide (the stylesheet's
//! `.grid` rules keep them so), which is what makes scroll position → row arithmetic exact.

use crate::data::table::{ColumnData, MISSING_CODE};
use crate::viz::compact_number;
use crate::web::components::common::chart::stage_shown;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::data::data_view::thousands;
use crate::web::state::TableView;
use leptos::prelude::*;
use std::ops::Range;
use std::sync::Arc;

/// Height of a body row, in CSS pixels.
pub const ROW_H: usize = 26;
/// Height of the header row.
pub const HEAD_H: usize = 30;
/// Width of a data column.
pub const COL_W: usize = 120;
/// Width of the row-number column.
pub const NUM_W: usize = 64;
/// Rows rendered beyond each edge of the view.
const OVERSCAN_ROWS: usize = 8;
/// Columns rendered beyond each edge of the view.
const OVERSCAN_COLS: usize = 2;

/// The rows (or columns) to render: those overlapping `[start, start + extent)` of a scroll
/// axis where item `k` occupies `[lead + k·size, lead + (k+1)·size)`, widened by `overscan` on
/// both sides and clipped to `0..count`. For example the 344 rows of 26 px after a 30 px
/// header, scrolled to the bottom of a 400 px view (start 30 + 344·26 − 400 = 8574), give rows
/// `320..344` with an overscan of 8. (Checked in the browser by `tests/e2e/data_view.test.mjs`:
/// unit tests of `web` do not run natively.)
pub fn window(start: f64, extent: f64, lead: usize, size: usize, count: usize, overscan: usize) -> Range<usize> {
    let (lead, size) = (lead as f64, size.max(1) as f64);
    let first = ((start - lead) / size).floor().max(0.0) as usize;
    let last = ((start + extent - lead) / size).ceil().max(0.0) as usize;
    let first = first.saturating_sub(overscan).min(count);
    let last = last.saturating_add(overscan).min(count).max(first);
    first..last
}

/// The grid of `table`'s cells; column `target` is highlighted.
#[component]
pub fn DataGrid(table: Arc<TableView>, target: Memo<Option<usize>>) -> impl IntoView {
    let rows = table.table.rows();
    let cols = table.table.columns.len();
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Scroll position and viewport size of the container, in CSS pixels.
    let scroll = RwSignal::new((0.0f64, 0.0f64));
    let viewport = RwSignal::new((1600.0f64, 400.0f64));
    // Measured when drawn, and again whenever its stage is shown (a table picked while the
    // Data stage was hidden measures 0 × 0 until then).
    let shown = stage_shown();
    Effect::new(move |_| {
        if !shown.get() {
            return;
        }
        if let Some(el) = scroller.get() {
            let size = (f64::from(el.client_width()), f64::from(el.client_height()));
            if size.0 > 0.0 && size.1 > 0.0 {
                viewport.set(size);
            }
        }
    });
    let row_range = Memo::new(move |_| {
        let (top, h) = (scroll.get().0, viewport.get().1);
        window(top, h, HEAD_H, ROW_H, rows, OVERSCAN_ROWS)
    });
    let col_range = Memo::new(move |_| {
        let (left, w) = (scroll.get().1, viewport.get().0);
        window(left, w, NUM_W, COL_W, cols, OVERSCAN_COLS)
    });
    // The column at the left edge, shown in the "Go to column" menu.
    let left_column =
        Memo::new(move |_| ((scroll.get().1 / COL_W as f64).round() as usize).min(cols.saturating_sub(1)));
    let on_scroll = move |ev: leptos::ev::Event| {
        let el = event_target::<web_sys::HtmlElement>(&ev);
        scroll.set((f64::from(el.scroll_top()), f64::from(el.scroll_left())));
        let size = (f64::from(el.client_width()), f64::from(el.client_height()));
        if viewport.get_untracked() != size {
            viewport.set(size);
        }
    };
    // "Go to row": scrolls so that the row is at the top.
    let go_to_row = move |ev: leptos::ev::Event| {
        let Ok(n) = event_target_value(&ev).trim().parse::<usize>() else { return };
        if let Some(el) = scroller.get_untracked() {
            let row = n.clamp(1, rows.max(1)) - 1;
            el.set_scroll_top(i32::try_from(row * ROW_H).unwrap_or(i32::MAX));
        }
    };
    let go_to_column = move |ev: leptos::ev::Event| {
        let Ok(j) = event_target_value(&ev).parse::<usize>() else { return };
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_left(i32::try_from(j * COL_W).unwrap_or(i32::MAX));
        }
    };

    let name = table.name.clone();
    // Sizes are set as style properties, which the page's Content-Security-Policy allows (it
    // blocks `style` attributes).
    let (spacer_h, spacer_w) = (format!("{}px", HEAD_H + rows * ROW_H), format!("{}px", NUM_W + cols * COL_W));
    let place_top = move || format!("{}px", row_range.get().start * ROW_H);
    let place_left = move || format!("{}px", col_range.get().start * COL_W);
    let place_width = move || format!("{}px", NUM_W + col_range.get().len() * COL_W);
    let head_table = table.clone();
    let body_table = table.clone();
    let column_options: Vec<_> = table
        .table
        .columns
        .iter()
        .enumerate()
        .map(|(j, c)| view! { <option value=j.to_string()>{c.name.clone()}</option> })
        .collect();
    view! {
        <div class="grid-tools">
            <label class="field inline">
                <span class="field-label">"Go to row"</span>
                <input type="number" min="1" max=rows.to_string() step="1" data-testid="grid-row"
                    aria-describedby=described_by("data-grid") on:change=go_to_row />
            </label>
            <label class="field inline">
                <span class="field-label">"Go to column"</span>
                <select data-testid="grid-column" aria-describedby=described_by("data-grid") prop:value=move || left_column.get().to_string() on:change=go_to_column>{column_options}</select>
            </label>
            <HelpTip ids=vec!["data-grid"] about="going to a row or a column" />
            <span class="caption">{format!("{} rows; scroll the grid or use the arrow keys once it has focus.", thousands(rows))}</span>
        </div>
        <div
            class="grid-scroll"
            node_ref=scroller
            tabindex="0"
            role="region"
            aria-label=format!("Cells of {name}")
            data-testid="data-grid"
            on:scroll=on_scroll
        >
            <div class="grid-spacer" style:height=spacer_h style:width=spacer_w>
                <table
                    class="grid"
                    style:top=place_top
                    style:left=place_left
                    style:width=place_width
                    aria-label=format!("{name}: {} rows, {} columns", thousands(rows), thousands(cols))
                    aria-rowcount=(rows + 1).to_string()
                    aria-colcount=(cols + 1).to_string()
                >
                    <colgroup>
                        <col style:width=format!("{NUM_W}px") />
                        {move || col_range.get().map(|_| view! { <col style:width=format!("{COL_W}px") /> }).collect_view()}
                    </colgroup>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col" class="corner" aria-colindex="1">"#"</th>
                            {move || {
                                let t = target.get();
                                col_range.get().map(|j| header_cell(&head_table, j, t == Some(j))).collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || row_range.get()
                            key=|i| *i
                            children=move |i| {
                                let table = body_table.clone();
                                view! {
                                    <tr aria-rowindex=(i + 2).to_string()>
                                        <th scope="row" class="row-num" aria-colindex="1">{i + 1}</th>
                                        {move || {
                                            let t = target.get();
                                            col_range.get().map(|j| cell(&table, i, j, t == Some(j))).collect_view()
                                        }}
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </div>
        </div>
    }
}

fn header_cell(table: &TableView, j: usize, is_target: bool) -> impl IntoView {
    let name = table.table.columns.get(j).map(|c| c.name.clone()).unwrap_or_default();
    let kind =
        table.summaries.get(j).map_or("", |s| crate::web::components::data::data_view_columns::kind_label(s.kind));
    let title = if is_target { format!("{name} ({kind}, the target)") } else { format!("{name} ({kind})") };
    view! {
        <th scope="col" class:target=is_target aria-colindex=(j + 2).to_string() title=title>
            {name}
            {is_target.then(|| view! { <span class="sr-only">" (target)"</span> })}
        </th>
    }
}

fn cell(table: &TableView, row: usize, j: usize, is_target: bool) -> impl IntoView {
    let index = (j + 2).to_string();
    let text = table.table.columns.get(j).and_then(|c| match &c.data {
        ColumnData::Numeric { values } => values.get(row).filter(|v| !v.is_nan()).map(|&v| (compact_number(v), true)),
        ColumnData::Text { codes, levels } => codes
            .get(row)
            .filter(|&&c| c != MISSING_CODE)
            .and_then(|&c| levels.get(c as usize))
            .map(|s| (s.clone(), false)),
    });
    match text {
        Some((text, numeric)) => {
            let title = (!numeric && text.chars().count() > 14).then(|| text.clone());
            view! { <td class:num=numeric class:target=is_target aria-colindex=index title=title>{text}</td> }
                .into_any()
        }
        None => view! {
            <td class="missing" class:target=is_target aria-colindex=index>
                <span aria-hidden="true">"—"</span>
                <span class="sr-only">"missing"</span>
            </td>
        }
        .into_any(),
    }
}
