//! The page's charts: decision boundary over the data, and loss curves.

use super::chart::Chart;
use crate::viz::{draw_decision_map, draw_loss_curve, Theme};
use crate::web::state::AppState;
use leptos::prelude::*;

/// The model's output over the plane, under the train (filled) and test (outlined) points.
#[component]
pub fn BoundaryChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let label = Signal::derive(move || {
        let split = state.split.read();
        format!(
            "Decision map: model output over the plane, with {} training and {} test points",
            split.train.rows(),
            split.test.rows()
        )
    });
    view! {
        <Chart
            label=label
            width=420
            height=420
            testid="boundary"
            data=move || (state.grid.get(), state.split.get())
            draw=move |area, (grid, split)| {
                draw_decision_map(area, grid.as_ref(), &split.train, &split.test, split.train.task, &Theme::default())
            }
        />
    }
}

/// Training and test loss per epoch.
#[component]
pub fn LossChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let label = Signal::derive(move || {
        state.history.with(|h| match h.last() {
            Some(m) => format!(
                "Loss curves over {} epochs: train loss {:.4}, test loss {:.4}",
                m.epoch, m.train_loss, m.test_loss
            ),
            None => "Loss curves: no epochs trained yet".to_string(),
        })
    });
    view! {
        <Chart
            label=label
            width=420
            height=220
            testid="loss-chart"
            data=move || state.history.get()
            draw=move |area, history| draw_loss_curve(area, history, &Theme::default())
        />
    }
}
