//! One drawing backend for every chart of the page: a `<canvas>` (on screen and for PNG
//! downloads) or an SVG document (SVG downloads).
//!
//! The core's chart functions are generic over plotters' backend. Called with two backend
//! types, each chart, and everything it draws with, was compiled twice into the page's wasm;
//! called with this enum it is compiled once, and only the few drawing primitives below
//! choose between the canvas and SVG.

use super::canvas::FastCanvas;
use super::svg::WebSvg;
use plotters::prelude::DrawingBackend;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

/// Where a chart is drawn.
pub enum PageBackend<'a> {
    /// A canvas' 2-D context.
    Canvas(FastCanvas),
    /// An SVG document written into a string.
    Svg(WebSvg<'a>),
}

/// A drawing failure of either backend, as its message.
#[derive(Debug)]
pub struct PageDrawError(String);

impl std::fmt::Display for PageDrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PageDrawError {}

type Failure = DrawingErrorKind<PageDrawError>;

/// The inner backend's error as this backend's.
fn lift<T, E: std::error::Error + Send + Sync>(r: Result<T, DrawingErrorKind<E>>) -> Result<T, Failure> {
    r.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => DrawingErrorKind::DrawingError(PageDrawError(e.to_string())),
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    })
}

/// Calls the same method on whichever backend this is.
macro_rules! each {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            PageBackend::Canvas($b) => lift($call),
            PageBackend::Svg($b) => lift($call),
        }
    };
}

impl DrawingBackend for PageBackend<'_> {
    type ErrorType = PageDrawError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            Self::Canvas(b) => b.get_size(),
            Self::Svg(b) => b.get_size(),
        }
    }
    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        each!(self, b => b.ensure_prepared())
    }
    fn present(&mut self) -> Result<(), Failure> {
        each!(self, b => b.present())
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        each!(self, b => b.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Failure> {
        each!(self, b => b.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b2: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        each!(self, b => b.draw_rect(a, b2, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        each!(self, b => b.draw_path(path, style))
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, style: &S, fill: bool) -> Result<(), Failure> {
        each!(self, b => b.draw_circle(c, r, style, fill))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure> {
        each!(self, b => b.fill_polygon(vert, style))
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Failure> {
        each!(self, b => b.draw_text(text, style, pos))
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), Failure> {
        each!(self, b => b.estimate_text_size(text, style))
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), Failure> {
        each!(self, b => b.blit_bitmap(pos, size, src))
    }
}
