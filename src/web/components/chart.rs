//! A canvas that redraws when its inputs change, at most once per animation frame.

use crate::error::Result;
use crate::web::glue::canvas::{draw_on, FastCanvas};
use crate::web::state::AppState;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use std::cell::RefCell;
use std::rc::Rc;

/// Coalesces updates: [`FrameThrottle::submit`] keeps only the latest snapshot and runs `paint`
/// on it in the next animation frame, so any number of changes within a frame cost one paint.
pub struct FrameThrottle<P> {
    pending: Rc<RefCell<Option<P>>>,
}

impl<P> Clone for FrameThrottle<P> {
    fn clone(&self) -> Self {
        Self { pending: self.pending.clone() }
    }
}

impl<P: 'static> FrameThrottle<P> {
    /// A throttle with nothing pending.
    pub fn new() -> Self {
        Self { pending: Rc::new(RefCell::new(None)) }
    }

    /// Replaces the pending snapshot; schedules `paint` if no frame is scheduled yet.
    pub fn submit(&self, snapshot: P, paint: impl FnOnce(P) + 'static) {
        let was_idle = self.pending.borrow_mut().replace(snapshot).is_none();
        if was_idle {
            let pending = self.pending.clone();
            request_animation_frame(move || {
                if let Some(snapshot) = pending.borrow_mut().take() {
                    paint(snapshot);
                }
            });
        }
    }
}

impl<P: 'static> Default for FrameThrottle<P> {
    fn default() -> Self {
        Self::new()
    }
}

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
    D: Fn(&DrawingArea<FastCanvas, Shift>, &P) -> Result<()> + 'static,
{
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let throttle = FrameThrottle::new();
    let draw = Rc::new(draw);
    let state = use_context::<AppState>();

    Effect::new(move |_| {
        let snapshot = data();
        let Some(el) = canvas.get() else { return };
        let draw = draw.clone();
        throttle.submit(snapshot, move |snapshot| {
            if let (Err(e), Some(s)) = (draw_on(el, |area| draw(area, &snapshot)), state) {
                s.error.set(Some(e.to_string()));
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
