//! The decision map as two layers: a small heat-map canvas (one pixel per grid cell, scaled up
//! smoothly by the browser) under a transparent canvas with the axes and points. While training
//! only the heat layer changes, and updating it is one pixel copy per frame.

use super::chart::FrameThrottle;
use crate::viz::{draw_decision_overlay, heat_map_rgba, PlotRect, Theme};
use crate::web::glue::canvas::{draw_on, put_rgba};
use crate::web::state::AppState;
use leptos::prelude::*;

const SIZE: u32 = 420;

/// CSS placing the heat layer exactly over the overlay's plotting area, in percent so it
/// follows the canvas when the page scales it down.
fn heat_style(rect: Option<PlotRect>) -> String {
    let Some(r) = rect else { return "display:none".into() };
    let pct = |v: i32| f64::from(v) * 100.0 / f64::from(SIZE);
    format!(
        "left:{:.3}%;top:{:.3}%;width:{:.3}%;height:{:.3}%",
        pct(r.left),
        pct(r.top),
        pct(r.right - r.left),
        pct(r.bottom - r.top)
    )
}

/// The model's output over the plane, under the train (white ring) and test (dark ring) points.
#[component]
pub fn BoundaryChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let heat = NodeRef::<leptos::html::Canvas>::new();
    let overlay = NodeRef::<leptos::html::Canvas>::new();
    let plot_rect = RwSignal::new(None::<PlotRect>);
    let resolution = move || state.grid.with(|g| g.as_ref().map_or(1, |g| g.resolution as u32));

    // Axes and points: only when the data changes.
    let overlay_frames = FrameThrottle::new();
    Effect::new(move |_| {
        let Some(split) = state.points.get() else { return };
        let Some(el) = overlay.get() else { return };
        overlay_frames.submit(split, move |split| {
            let mut rect = None;
            let result = draw_on(el, |area| {
                let task = split.train.task;
                rect = Some(draw_decision_overlay(area, &split.train, &split.test, task, &Theme::default())?);
                Ok(())
            });
            match result {
                Ok(()) => plot_rect.set(rect),
                Err(e) => state.error.set(Some(e.to_string())),
            }
        });
    });

    // Heat map: every progress report, at most once a frame.
    let heat_frames = FrameThrottle::new();
    Effect::new(move |_| {
        let grid = state.grid.get();
        let Some(task) = state.points.with(|p| p.as_ref().map(|s| s.train.task)) else { return };
        let Some(el) = heat.get() else { return };
        heat_frames.submit(grid, move |grid| {
            let Some(grid) = grid else { return };
            let n = grid.resolution as u32;
            let painted = heat_map_rgba(&grid, task, &Theme::default()).and_then(|px| put_rgba(&el, n, n, &px));
            if let Err(e) = painted {
                state.error.set(Some(e.to_string()));
            }
        });
    });

    let label = move || {
        state.points.with(|p| match p {
            Some(split) => format!(
                "Decision map: model output over the plane, with {} training and {} test points",
                split.train.rows(),
                split.test.rows()
            ),
            None => "Decision map: available for two-feature data".to_string(),
        })
    };
    view! {
        <div class="map-stack" role="img" aria-label=label data-testid="boundary-chart">
            <canvas
                class="heat"
                node_ref=heat
                width=resolution
                height=resolution
                style=move || heat_style(plot_rect.get())
                data-testid="boundary-heat"
            ></canvas>
            <canvas class="overlay" node_ref=overlay width=SIZE height=SIZE data-testid="boundary"></canvas>
        </div>
    }
}
