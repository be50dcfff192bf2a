//! The network as TensorFlow Playground draws it (neurons as boxes showing what each computes
//! over the plane, connections coloured by sign and thick by size, the weight under the pointer
//! named), and how the weights of each layer spread out over training.

use crate::data::Task;
use crate::model::LayerWeights;
use crate::viz::{
    connection_at, describe_network, describe_weight_histograms, draw_network, draw_weight_histograms, network_layout,
    neuron_at, unit_images, unit_name, Theme, WeightSnapshot,
};
use crate::web::components::common::chart::Chart;
use crate::web::glue::canvas::ImagePatch;
use crate::web::glue::page_backend::PageBackend;
use crate::web::state::AppState;
use leptos::prelude::*;

const SIZE: (u32, u32) = (560, 300);

/// What the diagram draws.
#[derive(Clone)]
struct Diagram {
    weights: Vec<LayerWeights>,
    names: Vec<String>,
    maps: Option<Vec<Vec<f32>>>,
    task: Task,
}

/// Input feature names: the prepared features of the plane view, or `x1, x2 …`.
fn feature_names(state: AppState) -> Vec<String> {
    state.plane.with(|p| p.as_ref().map(|p| p.features.clone())).unwrap_or_default()
}

/// The network diagram with a hover read-out of the weight or neuron under the pointer.
#[component]
pub fn NetworkChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let hover = RwSignal::new(String::new());
    let label = Signal::derive(move || {
        state.weights.with(|w| {
            w.as_ref().map_or("Network: not built yet".to_string(), |w| describe_network(w, &feature_names(state)))
        })
    });
    let data = move || Diagram {
        weights: state.weights.get().unwrap_or_default(),
        names: feature_names(state),
        maps: state.unit_maps.get(),
        task: state.task.get().unwrap_or(Task::Classification { classes: 2 }),
    };
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = event_target::<web_sys::HtmlElement>(&ev).into() else { return };
        let scale = f64::from(SIZE.0) / f64::from(el.client_width().max(1));
        let (x, y) = (f64::from(ev.offset_x()) * scale, f64::from(ev.offset_y()) * scale);
        let text = state.weights.with_untracked(|w| {
            let w = w.as_ref()?;
            let names = feature_names(state);
            let layout = network_layout(w, &names, SIZE, &Theme::default()).ok()?;
            if let Some((layer, from, to, weight)) = connection_at(&layout, x, y) {
                let a = unit_name(&layout.units, &names, layer, from);
                let b = unit_name(&layout.units, &names, layer + 1, to);
                return Some(format!("weight {a} → {b}: {weight:+.4}"));
            }
            let (column, unit) = neuron_at(&layout, x, y)?;
            let name = unit_name(&layout.units, &names, column, unit);
            let bias = column.checked_sub(1).and_then(|l| w.get(l)).and_then(|l| l.b.get(unit));
            Some(match bias {
                Some(b) => format!("{name}: bias {b:+.4}"),
                None => format!("{name} (input)"),
            })
        });
        hover.set(text.unwrap_or_default());
    };
    view! {
        <div class="network" on:mousemove=on_move on:mouseleave=move |_| hover.set(String::new())>
            <Chart
                label=label
                width=SIZE.0
                height=SIZE.1
                testid="network-chart"
                name="network"
                data=data
                paint=crate::painter!(|area, d: &Diagram| {
                    if d.weights.is_empty() {
                        return Ok(());
                    }
                    draw_network(area, &d.weights, &d.names, d.maps.as_deref(), d.task, &Theme::default()).map(|_| ())
                })
                canvas_paint=std::rc::Rc::new(|area: &plotters::prelude::DrawingArea<PageBackend<'_>, plotters::coord::Shift>, d: &Diagram| {
                    if d.weights.is_empty() {
                        return Ok(());
                    }
                    // Boxes without their maps, then each map as one pixel copy: thousands of
                    // rectangles per frame would block the page while training.
                    let theme = Theme::default();
                    let layout = draw_network(area, &d.weights, &d.names, None, d.task, &theme)?;
                    for img in unit_images(&layout, d.maps.as_deref().unwrap_or_default(), d.task, &theme) {
                        let patch = ImagePatch { at: (img.x, img.y), size: (img.size, img.size), rgba: img.rgba };
                        area.draw(&patch).map_err(|e| crate::error::Error::Plot(e.to_string()))?;
                    }
                    Ok(())
                })
                min_interval_ms=200.0
            />
        </div>
        <p class="hover-readout" data-testid="network-hover" aria-live="polite">{move || hover.get()}</p>
    }
}

/// Each layer's weight distribution over the epochs.
#[component]
pub fn WeightHistogramChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let label = Signal::derive(move || state.weight_history.with(|h| describe_weight_histograms(h)));
    view! {
        <Chart
            label=label
            width=420
            height=240
            testid="weights-chart"
            name="weights"
            data=move || {
                // At most 24 snapshots drawn (evenly spaced, the latest kept): each is a column of
                // cells per layer, and thousands of cells made a 75 ms paint for a 64-128-64-10 net.
                state.weight_history.with(|h| {
                    let step = h.len().div_ceil(24).max(1);
                    let mut shown: Vec<WeightSnapshot> = h.iter().rev().step_by(step).cloned().collect();
                    shown.reverse();
                    shown
                })
            }
            paint=crate::painter!(|area, h: &Vec<WeightSnapshot>| draw_weight_histograms(area, h, &Theme::default()))
            min_interval_ms=1000.0
        />
    }
}
