//! The loss-curve chart (the decision map is in `boundary_chart`).

use super::chart::Chart;
use crate::viz::{draw_loss_curve, Theme};
use crate::web::state::AppState;
use leptos::prelude::*;

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
