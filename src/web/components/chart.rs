//! A canvas that redraws when its inputs change, at most once per animation frame.

use crate::error::Result;
use crate::web::glue::canvas::draw_on;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use plotters_canvas::CanvasBackend;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A chart on a `<canvas>`.
///
/// `data` reads the reactive inputs (so the chart tracks them) and returns a snapshot;
/// `draw` paints a snapshot. Several changes within one frame cause one redraw, so a fast
/// training run never makes the page draw more than the screen shows.
#[component]
pub fn Chart<P, T, D>(
    /// Accessible name of the chart (what it shows).
    label: Signal<String>,
    /// Canvas width in pixels.
    width: u32,
    /// Canvas height in pixels.
    height: u32,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// Reads the inputs (tracked) and returns what to draw.
    data: T,
    /// Draws a snapshot.
    draw: D,
) -> impl IntoView
where
    P: 'static,
    T: Fn() -> P + 'static,
    D: Fn(&DrawingArea<CanvasBackend, Shift>, &P) -> Result<()> + 'static,
{
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let pending: Rc<RefCell<Option<P>>> = Rc::new(RefCell::new(None));
    let scheduled = Rc::new(Cell::new(false));
    let draw = Rc::new(draw);
    let state = use_context::<crate::web::state::AppState>();

    Effect::new(move |_| {
        let snapshot = data();
        let Some(el) = canvas.get() else { return };
        *pending.borrow_mut() = Some(snapshot);
        if scheduled.replace(true) {
            return;
        }
        let (pending, scheduled, draw) = (pending.clone(), scheduled.clone(), draw.clone());
        request_animation_frame(move || {
            scheduled.set(false);
            let Some(snapshot) = pending.borrow_mut().take() else { return };
            if let Err(e) = draw_on(el, |area| draw(area, &snapshot)) {
                if let Some(s) = state {
                    s.error.set(Some(e.to_string()));
                }
            }
        });
    });

    view! {
        <canvas
            node_ref=canvas
            width=width
            height=height
            role="img"
            aria-label=move || label.get()
            data-testid=testid
        ></canvas>
    }
}
