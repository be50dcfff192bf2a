//! SVG downloads drawn in the page: plotters' SVG backend with text measured on a canvas.
//!
//! To lay out axis labels and legends, plotters measures text; in wasm its default measures a
//! `<span>` whose `style` attribute sets the font. The page's Content-Security-Policy allows no
//! inline styles, so that attribute is blocked (a reported violation, and wrong sizes).
//! [`WebSvg`] draws exactly as plotters' `SVGBackend` (every call is passed on) but measures
//! text as [`super::canvas::FastCanvas`] does on screen ([`super::text_width`]).

use plotters::backend::SVGBackend;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

type Failure = DrawingErrorKind<<SVGBackend<'static> as DrawingBackend>::ErrorType>;

/// plotters' SVG backend writing into a string, with layout-free, CSP-safe text measurement.
pub struct WebSvg<'a> {
    inner: SVGBackend<'a>,
}

impl<'a> WebSvg<'a> {
    /// An SVG document of `size` pixels written into `buf`.
    pub fn with_string(buf: &'a mut String, size: (u32, u32)) -> Self {
        Self { inner: SVGBackend::with_string(buf, size) }
    }
}

impl DrawingBackend for WebSvg<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Failure> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Failure> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, style: &S, fill: bool) -> Result<(), Failure> {
        self.inner.draw_circle(c, r, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Failure> {
        self.inner.draw_text(text, style, pos)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), Failure> {
        self.inner.blit_bitmap(pos, size, src)
    }
    /// As every page backend: [`super::text_width::text_size`].
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), Failure> {
        super::text_width::text_size(text, style)
    }
}
