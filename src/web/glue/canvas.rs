//! Drawing a core chart onto a `<canvas>` with plotters.

use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// Runs `draw` on the whole canvas and presents it.
pub fn draw_on(
    canvas: web_sys::HtmlCanvasElement,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, Shift>) -> Result<()>,
) -> Result<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| Error::Plot("the canvas has no 2-D drawing context".into()))?;
    let root = backend.into_drawing_area();
    draw(&root)?;
    root.present().map_err(|e| Error::Plot(e.to_string()))
}
