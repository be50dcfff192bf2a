//! The decision map as two layers: a small heat-map canvas (one pixel per grid cell, scaled up
//! smoothly by the browser) under a transparent canvas with the axes and points. While training
//! only the heat layer changes, and updating it is one pixel copy per frame.
//!
//! The plane is the data's two features, or for a table any two features the user picks (the
//! others held at their training mean, by the worker). A checkbox switches to the discretised
//! (class) view; PNG and SVG downloads draw the whole map afresh.

use crate::train::PlaneView;
use crate::viz::{
    describe_decision_map, draw_decision_map, draw_decision_overlay, heat_map_rgba_styled, MapSpec, MapStyle, PlotRect,
    Theme,
};
use crate::web::components::common::chart::{stage_shown, svg_string, FrameThrottle};
use crate::web::components::common::help_tip::{described_by, Explain, HelpTip};
use crate::web::components::common::widgets::{index, Select};
use crate::web::glue::canvas::{draw_on, put_rgba};
use crate::web::glue::download::{save_png, save_text};
use crate::web::state::AppState;
use leptos::prelude::*;

const SIZE: u32 = 420;

/// Left, top, width and height placing the heat layer exactly over the overlay's plotting
/// area, in percent so it follows the canvas when the page scales it down (set as style
/// properties, which the page's Content-Security-Policy allows, not as a `style` attribute).
fn heat_style(rect: Option<PlotRect>) -> (String, String, String, String) {
    let Some(r) = rect else { return Default::default() };
    let pct = |v: i32| format!("{:.3}%", f64::from(v) * 100.0 / f64::from(SIZE));
    (pct(r.left), pct(r.top), pct(r.right - r.left), pct(r.bottom - r.top))
}

/// The plane to draw: the worker's, or, until it answers, the generated data's own (drawn on
/// this thread from the seed, so the points show at once).
fn current_view(state: AppState) -> Option<PlaneView> {
    state.plane.get().or_else(|| state.points.get().map(PlaneView::generated))
}

/// The decision map with its controls: feature choice (tables), class view, downloads.
#[component]
pub fn BoundaryChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view_memo = Memo::new(move |_| current_view(state));
    let style = RwSignal::new(MapStyle::Continuous);
    let heat = NodeRef::<leptos::html::Canvas>::new();
    let overlay = NodeRef::<leptos::html::Canvas>::new();
    let plot_rect = RwSignal::new(None::<PlotRect>);
    let resolution = move || state.grid.with(|g| g.as_ref().map_or(1, |g| g.resolution as u32));
    // On a hidden stage the map draws nothing (and catches up when shown).
    let shown = stage_shown();

    // Axes and points: only when the plane, class names or style change.
    let overlay_frames = FrameThrottle::new();
    Effect::new(move |_| {
        if !shown.get() {
            return;
        }
        let Some(view) = view_memo.get() else { return };
        let names = state.classes.get();
        let style = style.get();
        let Some(el) = overlay.get() else { return };
        overlay_frames.submit((view, names, style), move |(view, names, style)| {
            if !shown.get_untracked() {
                return;
            }
            let mut rect = None;
            let result = draw_on(el, |area| {
                let spec = MapSpec::for_view(&view).classes(&names).style(style);
                rect = Some(draw_decision_overlay(area, &view.train, &view.test, &spec, &Theme::default())?);
                Ok(())
            });
            match result {
                Ok(()) => plot_rect.set(rect),
                Err(e) => state.error.set(Some(e.to_string())),
            }
        });
    });

    // Heat map: every progress report that carries a grid, at most once a frame.
    let heat_frames = FrameThrottle::new();
    Effect::new(move |_| {
        if !shown.get() {
            return;
        }
        let grid = state.grid.get();
        let style = style.get();
        let Some(task) = view_memo.with(|v| v.as_ref().map(|v| v.train.task)) else { return };
        let Some(el) = heat.get() else { return };
        heat_frames.submit(grid, move |grid| {
            if !shown.get_untracked() {
                return;
            }
            let Some(grid) = grid else { return };
            let n = grid.resolution as u32;
            let painted =
                heat_map_rgba_styled(&grid, task, style, &Theme::default()).and_then(|px| put_rgba(&el, n, n, &px));
            if let Err(e) = painted {
                state.error.set(Some(e.to_string()));
            }
        });
    });

    let label = move || {
        let names = state.classes.get();
        view_memo.with(|v| match v {
            Some(view) => state.grid.with(|g| {
                describe_decision_map(g.as_ref(), &view.train, &view.test, &MapSpec::for_view(view).classes(&names))
            }),
            None => "Decision map: available for data with at least two features".to_string(),
        })
    };

    // Downloads draw the whole map (heat cells, axes, points) afresh.
    let full = move |what: &str| {
        let (Some(view), grid, names, style) = (
            view_memo.get_untracked(),
            state.grid.get_untracked(),
            state.classes.get_untracked(),
            style.get_untracked(),
        ) else {
            return;
        };
        let theme = Theme::default();
        let spec = MapSpec::for_view(&view).classes(&names).style(style);
        let result = if what == "png" {
            save_png("decision-map.png", SIZE, SIZE, |a| {
                draw_decision_map(a, grid.as_ref(), &view.train, &view.test, &spec, &theme)
            })
        } else {
            svg_string((SIZE, SIZE), |a| draw_decision_map(a, grid.as_ref(), &view.train, &view.test, &spec, &theme))
                .and_then(|svg| save_text("decision-map.svg", "image/svg+xml", &svg).map_err(crate::error::Error::Plot))
        };
        if let Err(e) = result {
            state.error.set(Some(e.to_string()));
        }
    };

    // Feature choice, for tables with more than two features.
    let features = Signal::derive(move || {
        state.plane.with(|p| {
            p.as_ref().map_or_else(Vec::new, |p| {
                p.choosable_features().iter().enumerate().map(|(i, f)| (i.to_string(), f.clone())).collect()
            })
        })
    });
    let axis = move |horizontal: bool| {
        Signal::derive(move || {
            state.plane.with(|p| {
                p.as_ref().map_or(String::new(), |p| (if horizontal { p.plane.x } else { p.plane.y }).to_string())
            })
        })
    };
    let pick = move |horizontal: bool| {
        Callback::new(move |v: String| {
            let i = match index(&v, "decision map axis") {
                Ok(i) => i,
                Err(e) => return state.reject(e),
            };
            if let Some(current) = state.plane.with_untracked(|p| p.as_ref().map(|p| p.plane)) {
                state.choose_plane(current.with_axis(horizontal, i));
            }
        })
    };

    view! {
        <div class="map-stack" role="img" aria-label=label aria-describedby=described_by("boundary-chart") data-testid="boundary-chart">
            <canvas
                class="heat"
                node_ref=heat
                width=resolution
                height=resolution
                style:display=move || plot_rect.get().is_none().then_some("none")
                style:left=move || heat_style(plot_rect.get()).0
                style:top=move || heat_style(plot_rect.get()).1
                style:width=move || heat_style(plot_rect.get()).2
                style:height=move || heat_style(plot_rect.get()).3
                data-testid="boundary-heat"
            ></canvas>
            <canvas class="overlay" node_ref=overlay width=SIZE height=SIZE data-testid="boundary"></canvas>
        </div>
        <div class="chart-tools">
            <label class="inline">
                <input
                    type="checkbox"
                    data-testid="boundary-discrete"
                    aria-describedby=described_by("boundary-discrete")
                    prop:checked=move || style.get() == MapStyle::Discrete
                    on:change=move |ev| style.set(if event_target_checked(&ev) { MapStyle::Discrete } else { MapStyle::Continuous })
                />
                " class view"
            </label>
            <HelpTip ids=vec!["boundary-discrete"] about="the class view" />
            <button class="link" data-testid="boundary-png" aria-label="Download the decision map as PNG" on:click=move |_| full("png")>"PNG"</button>
            <button class="link" data-testid="boundary-svg" aria-label="Download the decision map as SVG" on:click=move |_| full("svg")>"SVG"</button>
        </div>
        <Explain id="boundary-chart" />
        <Show when=move || features.with(|f| !f.is_empty())>
            <div class="row plane-pick">
                <Select
                    label="Across"
                    testid="plane-x"
                    options=features
                    value=axis(true)
                    on_pick=pick(true)
                />
                <Select
                    label="Up"
                    testid="plane-y"
                    options=features
                    value=axis(false)
                    on_pick=pick(false)
                />
            </div>
        </Show>
    }
}
