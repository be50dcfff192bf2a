//! Charts of the loaded table: the distribution of a chosen column (a histogram for numbers,
//! a bar chart for categories) and the correlation heatmap of the numeric columns.

use crate::data::distribution::{Correlation, Distribution};
use crate::viz::{
    describe_category_counts, describe_correlation, describe_histogram, draw_category_counts, draw_correlation,
    draw_histogram, Theme,
};
use crate::web::components::common::chart::{stage_shown, Chart};
use crate::web::components::common::deferred::{in_next_task, NextTask};
use crate::web::components::common::lazy::LazyPart;
use crate::web::components::common::widgets::{index, Select};
use crate::web::state::{AppState, TableView};
use leptos::prelude::*;
use std::sync::Arc;

/// Most categories drawn as bars (the rest are summed into "other").
const TOP_CATEGORIES: usize = 12;

fn distribution(table: &TableView, index: usize) -> Option<Distribution> {
    table.table.columns.get(index).map(Distribution::of)
}

fn describe(d: &Option<Distribution>) -> String {
    match d {
        Some(Distribution::Numbers { name, values }) => describe_histogram(values, name),
        Some(Distribution::Categories { name, counts }) => describe_category_counts(counts, name, TOP_CATEGORIES),
        None => String::new(),
    }
}

/// The data charts of the current table (nothing for generated data); their code (the charts'
/// drawing) is a wasm chunk of its own ([`LazyPart`]), fetched the first time the Data stage
/// shows a table.
#[component]
pub fn DataCharts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = stage_shown();
    let needed = Signal::derive(move || shown.get() && state.table.with(Option::is_some));
    view! { <LazyPart when=needed load=lazy_charts::data_charts what="The data charts" /> }
}

/// The split point of the data charts.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_charts {
    use super::{AppState, NextTask, TableCharts};
    use crate::web::components::common::lazy::Loaded;
    use leptos::prelude::*;

    #[leptos::wasm_split::wasm_split(data_charts, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn data_charts() -> Loaded {
        let state = expect_context::<AppState>();
        let charts =
            move || state.table.get().map(|table| view! { <NextTask><TableCharts table=table.clone() /></NextTask> });
        Ok(charts.into_any())
    }
}

#[component]
fn TableCharts(table: Arc<TableView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let names: Vec<String> = table.table.columns.iter().map(|c| c.name.clone()).collect();
    // Start on the target column when there is one.
    let start =
        state.spec.with_untracked(|s| s.data.prepare.target.as_ref().and_then(|t| names.iter().position(|n| n == t)));
    let chosen = RwSignal::new(start.unwrap_or(0));
    let options = Signal::derive(move || names.iter().enumerate().map(|(i, n)| (i.to_string(), n.clone())).collect());
    let t1 = table.clone();
    // Counted when the Data stage is shown, not while another stage is (a big table's column
    // takes a sort of every row: a table opened from another stage is not held up by it).
    let shown = stage_shown();
    // ... and in a task of its own, not the one that builds the view.
    let counted = in_next_task(
        move || (chosen.get(), shown.get()),
        move |(i, shown)| if shown { distribution(&t1, i).map(|d| (i, d)) } else { None },
    );
    let dist = Memo::new(move |_| counted.get().flatten());
    // Computed where the table was read (the worker, for a user's file): never over every row here.
    let correlation = Arc::new(table.correlation.clone());
    let c_label = {
        let c = correlation.clone();
        Signal::derive(move || describe_correlation(&c.names, &c.r))
    };
    let has_pairs = correlation.names.len() >= 2;
    view! {
        <section class="panel charts data-charts" aria-labelledby="data-charts-title">
            <h2 id="data-charts-title">"Distributions and correlations"</h2>
            <figure>
                <Select
                    label="Column"
                    testid="distribution-column"
                    options=options
                    value=Signal::derive(move || chosen.get().to_string())
                    on_pick=Callback::new(move |v: String| match index(&v, "distribution column") {
                        Ok(i) => chosen.set(i),
                        Err(e) => state.reject(e),
                    })
                />
                <Chart
                    label=Signal::derive(move || dist.with(|d| describe(&d.as_ref().map(|x| x.1.clone()))))
                    width=420 height=260 testid="distribution-chart" name="distribution"
                    data=move || dist.get().map(|d| d.1)
                    paint=crate::painter!(|area, d: &Option<Distribution>| match d {
                        Some(Distribution::Numbers { name, values }) => draw_histogram(area, values, name, &Theme::default()),
                        Some(Distribution::Categories { name, counts }) => draw_category_counts(area, counts, name, TOP_CATEGORIES, &Theme::default()),
                        None => Ok(()),
                    })
                />
                <figcaption>"Histogram of a numeric column, or how often each category occurs."</figcaption>
            </figure>
            {has_pairs.then(|| view! {
                <figure>
                    <Chart
                        label=c_label
                        width=420 height=420 testid="correlation-chart" name="correlation"
                        data=move || correlation.clone()
                        paint=crate::painter!(|area, c: &Arc<Correlation>| draw_correlation(area, &c.names, &c.r, &Theme::default()))
                    />
                    <figcaption>"Pearson correlation of each pair of numeric columns (blue positive, orange negative)."</figcaption>
                </figure>
            })}
        </section>
    }
}
