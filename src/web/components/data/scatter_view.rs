//! The scatter view: any two columns of the loaded table against each other, coloured by the
//! target column, drawn by [`crate::viz::draw_scatter`]. Renders nothing for synthetic data
//! (the decision map already shows those points).

use crate::data::schema::ColumnKind;
use crate::data::ColumnData;
use crate::viz::{describe_scatter, draw_scatter, Theme};
use crate::web::components::common::chart::{stage_shown, Chart};
use crate::web::components::common::deferred::{in_next_task, NextTask};
use crate::web::components::common::lazy::LazyPart;
use crate::web::components::common::widgets::{index, Select};
use crate::web::state::{AppState, TableView};
use leptos::prelude::*;
use std::sync::Arc;

/// Canvas size in pixels.
const SIZE: (u32, u32) = (420, 360);

/// The scatter plot of the current table ([`AppState::table`]); nothing when there is none.
/// Its code is a wasm chunk of its own ([`LazyPart`]), fetched the first time the Data stage
/// shows a table.
#[component]
pub fn ScatterView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = stage_shown();
    let needed = Signal::derive(move || shown.get() && state.table.with(Option::is_some));
    view! { <LazyPart when=needed load=lazy_scatter::scatter_view what="The scatter plot" /> }
}

/// The split point of the scatter plot.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_scatter {
    use super::{AppState, NextTask, ScatterPanel};
    use crate::web::components::common::lazy::Loaded;
    use leptos::prelude::*;

    #[leptos::wasm_split::wasm_split(scatter_view, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn scatter_view() -> Loaded {
        let state = expect_context::<AppState>();
        let plot =
            move || state.table.get().map(|table| view! { <NextTask><ScatterPanel table=table.clone() /></NextTask> });
        Ok(plot.into_any())
    }
}

#[component]
fn ScatterPanel(table: Arc<TableView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let names: Vec<String> = table.table.columns.iter().map(|c| c.name.clone()).collect();
    // Index of the target column: only a change of target recolours the plot.
    let target = {
        let names = names.clone();
        Memo::new(move |_| {
            state.spec.with(|s| s.data.prepare.target.as_ref().and_then(|t| names.iter().position(|c| c == t)))
        })
    };
    let (dx, dy) = default_axes(&table, target.get_untracked());
    let x = RwSignal::new(dx);
    let y = RwSignal::new(dy);

    let options: Vec<(String, String)> = names.iter().enumerate().map(|(i, n)| (i.to_string(), n.clone())).collect();
    let options = Signal::stored(options);
    let pick = move |axis: RwSignal<usize>| {
        Callback::new(move |v: String| match index(&v, "scatter axis") {
            Ok(i) => axis.set(i),
            Err(e) => state.reject(e),
        })
    };

    let label_table = table.clone();
    // Described when the Data stage is shown (counting a big table's points takes a pass over
    // every row: a table opened from another stage is not held up by it).
    let shown = stage_shown();
    // ... and in a task of its own, not the one that builds the view.
    let described = in_next_task(
        move || (shown.get(), x.get(), y.get(), target.get()),
        move |(shown, xi, yi, ci)| {
            let t = &label_table.table;
            match (t.columns.get(xi), t.columns.get(yi)) {
                _ if !shown => String::new(),
                (Some(xc), Some(yc)) => describe_scatter(xc, yc, ci.and_then(|i| t.columns.get(i))),
                _ => "Scatter plot: no columns to show".to_string(),
            }
        },
    );
    let label = Memo::new(move |_| described.get().unwrap_or_default());
    let caption = move || {
        let by = target.get().and_then(|i| names.get(i).cloned());
        match by {
            Some(name) => format!("Each dot is a row of the table, coloured by the target, {name}."),
            None => "Each dot is a row of the table.".to_string(),
        }
    };
    let draw_table = table.clone();

    view! {
        <section class="panel scatter-view" data-testid="scatter-view" aria-labelledby="scatter-title">
            <h2 id="scatter-title">"Scatter plot"</h2>
            <div class="scatter-axes">
                <Select
                    label="Horizontal axis (x)"
                    testid="scatter-x"
                    options=options
                    value=Signal::derive(move || x.get().to_string())
                    on_pick=pick(x)
                />
                <Select
                    label="Vertical axis (y)"
                    testid="scatter-y"
                    options=options
                    value=Signal::derive(move || y.get().to_string())
                    on_pick=pick(y)
                />
            </div>
            <figure>
                <Chart
                    label=Signal::from(label)
                    width=SIZE.0
                    height=SIZE.1
                    testid="scatter"
                    name="scatter"
                    data=move || (x.get(), y.get(), target.get())
                    paint=crate::painter!(clone(draw_table) |area, snap: &(usize, usize, Option<usize>)| {
                        let (xi, yi, ci) = *snap;
                        let t = &draw_table.table;
                        match (t.columns.get(xi), t.columns.get(yi)) {
                            (Some(xc), Some(yc)) => {
                                draw_scatter(area, xc, yc, ci.and_then(|i| t.columns.get(i)), &Theme::default())
                            }
                            _ => Ok(()),
                        }
                    })
                />
                <figcaption>{caption}</figcaption>
            </figure>
        </section>
    }
}

/// The columns shown first: the first two numeric columns other than the target that are
/// measurements (kind numeric, more than two distinct values: not identifiers, constants or
/// two-valued codes such as sex = 1/2), then any other numeric ones, then any columns at all;
/// a one-column table plots its column against itself.
pub fn default_axes(table: &TableView, target: Option<usize>) -> (usize, usize) {
    let columns = &table.table.columns;
    let not_target = |i: &usize| Some(*i) != target;
    let measured = |i: &usize| table.summaries.get(*i).is_none_or(|s| s.kind == ColumnKind::Numeric && s.distinct > 2);
    let numeric = |i: &usize| matches!(columns[*i].data, ColumnData::Numeric { .. });
    let mut order: Vec<usize> = (0..columns.len()).filter(|i| not_target(i) && numeric(i) && measured(i)).collect();
    let rest = (0..columns.len()).filter(|i| not_target(i) && numeric(i) && !measured(i));
    order.extend(rest);
    let others: Vec<usize> = (0..columns.len()).filter(|i| !order.contains(i) && not_target(i)).collect();
    order.extend(others);
    order.extend(target);
    match order.as_slice() {
        [] => (0, 0),
        [only] => (*only, *only),
        [a, b, ..] => (*a, *b),
    }
}
