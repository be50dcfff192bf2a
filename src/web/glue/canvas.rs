//! Drawing a core chart onto a `<canvas>` with plotters.
//!
//! [`FastCanvas`] wraps plotters-canvas' backend and measures text as every page backend does
//! ([`super::text_width`]: a canvas' `measureText`, which touches no layout).

use super::page_backend::{PageBackend, PageDrawError};
use super::text_width::{css_font, text_size};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// plotters-canvas' backend with layout-free text measurement, and drawing calls that set the
/// context's colours, line width, font and text anchor only when they change.
///
/// plotters-canvas formats a fresh `rgba(...)` string and hands it to the context for every
/// line, rectangle and label; the network chart's few hundred connections then spent most of
/// a 20–80 ms paint on that (profiled while a 64-128-64-10 MLP trained). Drawing the same
/// shapes with the style set once per run of equal styles gives the same pixels.
pub struct FastCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
    style: StyleCache,
}

/// What the context is known to be set to (`None`: unknown, set it before use).
#[derive(Default)]
struct StyleCache {
    stroke: Option<(u8, u8, u8, u64)>,
    fill: Option<(u8, u8, u8, u64)>,
    line_width: Option<u32>,
    font: Option<String>,
    anchor: Option<(&'static str, &'static str)>,
}

type Failure = DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

fn js_failure(what: &str, e: wasm_bindgen::JsValue) -> Failure {
    DrawingErrorKind::FontError(Box::new(std::io::Error::other(format!("{what} failed: {e:?}"))))
}

fn colour_key(c: BackendColor) -> (u8, u8, u8, u64) {
    (c.rgb.0, c.rgb.1, c.rgb.2, c.alpha.to_bits())
}

fn css_colour(c: BackendColor) -> String {
    format!("rgba({},{},{},{})", c.rgb.0, c.rgb.1, c.rgb.2, c.alpha)
}

impl FastCanvas {
    /// Wraps `canvas`; `None` if it has no 2-D context.
    pub fn new(canvas: web_sys::HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok().flatten()?.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(Self { inner, context, style: StyleCache::default() })
    }

    fn set_fill(&mut self, c: BackendColor) {
        if self.style.fill != Some(colour_key(c)) {
            self.context.set_fill_style_str(&css_colour(c));
            self.style.fill = Some(colour_key(c));
        }
    }

    fn set_stroke(&mut self, style: &impl BackendStyle) {
        let c = style.color();
        if self.style.stroke != Some(colour_key(c)) {
            self.context.set_stroke_style_str(&css_colour(c));
            self.style.stroke = Some(colour_key(c));
        }
        if self.style.line_width != Some(style.stroke_width()) {
            self.context.set_line_width(f64::from(style.stroke_width()));
            self.style.line_width = Some(style.stroke_width());
        }
    }
}

/// Moves a vertical or horizontal line by half a pixel so that it is crisp (as plotters-canvas).
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = ((f64::from(from.0), f64::from(from.1)), (f64::from(to.0), f64::from(to.1)));
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl DrawingBackend for FastCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> std::result::Result<(), Failure> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> std::result::Result<(), Failure> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> std::result::Result<(), Failure> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(color);
        self.context.fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> std::result::Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (a, b) = crisp(from, to);
        self.set_stroke(style);
        self.context.begin_path();
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
        self.context.stroke();
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (f64::from(bottom_right.0 - upper_left.0), f64::from(bottom_right.1 - upper_left.1));
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> std::result::Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = path.into_iter();
        self.context.begin_path();
        if let Some(start) = path.next() {
            self.set_stroke(style);
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
        }
        self.context.stroke();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.set_fill(style.color());
        } else {
            self.set_stroke(style);
        }
        self.context.begin_path();
        self.context
            .arc(f64::from(center.0), f64::from(center.1), f64::from(radius), 0.0, std::f64::consts::TAU)
            .map_err(|e| js_failure("arc", e))?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> std::result::Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = vert.into_iter();
        self.context.begin_path();
        if let Some(start) = path.next() {
            self.set_fill(style.color());
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
            self.context.close_path();
        }
        self.context.fill();
        Ok(())
    }
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> std::result::Result<(), Failure> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let degree = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        } / 180.0
            * std::f64::consts::PI;
        // Styles first: save() and restore() around the rotation then keep them.
        let anchor = (
            match style.anchor().v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
            match style.anchor().h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            },
        );
        if self.style.anchor != Some(anchor) {
            self.context.set_text_baseline(anchor.0);
            self.context.set_text_align(anchor.1);
            self.style.anchor = Some(anchor);
        }
        self.set_fill(colour);
        let font = css_font(style);
        if self.style.font.as_deref() != Some(font.as_str()) {
            self.context.set_font(&font);
            self.style.font = Some(font);
        }
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if degree != 0.0 {
            self.context.save();
            self.context.translate(x, y).map_err(|e| js_failure("translate", e))?;
            self.context.rotate(degree).map_err(|e| js_failure("rotate", e))?;
            (x, y) = (0.0, 0.0);
        }
        let drawn = self.context.fill_text(text, x, y).map_err(|e| js_failure("fillText", e));
        if degree != 0.0 {
            self.context.restore();
        }
        drawn
    }
    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> std::result::Result<(u32, u32), Failure> {
        text_size(text, style)
    }
}

/// Runs `draw` on the whole canvas and presents it.
pub fn draw_on(
    canvas: web_sys::HtmlCanvasElement,
    draw: impl FnOnce(&DrawingArea<PageBackend<'static>, Shift>) -> Result<()>,
) -> Result<()> {
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let backend = FastCanvas::new(canvas).ok_or_else(|| Error::Plot("the canvas has no 2-D drawing context".into()))?;
    // Charts may leave parts transparent (the decision overlay does): start from a clear canvas.
    backend.context.clear_rect(0.0, 0.0, w, h);
    let root = PageBackend::Canvas(backend).into_drawing_area();
    draw(&root)?;
    root.present().map_err(|e| Error::Plot(e.to_string()))
}

/// Copies `width × height` RGBA pixels onto `canvas` at its origin.
pub fn put_rgba(canvas: &web_sys::HtmlCanvasElement, width: u32, height: u32, rgba: &[u8]) -> Result<()> {
    let fail = |what: &str| Error::Plot(format!("could not paint the heat map: {what}"));
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| fail("no 2-D context"))?;
    let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(rgba), width, height)
        .map_err(|e| fail(&format!("{e:?}")))?;
    context.put_image_data(&image, 0.0, 0.0).map_err(|e| fail(&format!("{e:?}")))
}

/// A block of RGBA pixels copied onto a [`FastCanvas`] at `at` (pixels of the drawing area)
/// with one `putImageData`: draw it with `area.draw(&patch)`.
pub struct ImagePatch {
    /// Top-left corner.
    pub at: (i32, i32),
    /// Width and height.
    pub size: (u32, u32),
    /// `width × height × 4` bytes, top row first.
    pub rgba: Vec<u8>,
}

impl<'a> plotters::element::PointCollection<'a, (i32, i32)> for &'a ImagePatch {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl plotters::element::Drawable<PageBackend<'_>> for ImagePatch {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut PageBackend<'_>,
        _parent: (u32, u32),
    ) -> std::result::Result<(), DrawingErrorKind<PageDrawError>> {
        let Some((x, y)) = pos.next() else { return Ok(()) };
        match backend {
            PageBackend::Canvas(canvas) => {
                let fail = |e: wasm_bindgen::JsValue| {
                    DrawingErrorKind::FontError(Box::new(std::io::Error::other(format!("putImageData failed: {e:?}"))))
                };
                let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
                    wasm_bindgen::Clamped(&self.rgba),
                    self.size.0,
                    self.size.1,
                )
                .map_err(fail)?;
                canvas.context.put_image_data(&image, f64::from(x), f64::from(y)).map_err(fail)
            }
            // plotters blits RGB: drop the alpha channel (the patches are opaque).
            svg => {
                let rgb: Vec<u8> = self.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
                svg.blit_bitmap((x, y), self.size, &rgb)
            }
        }
    }
}
