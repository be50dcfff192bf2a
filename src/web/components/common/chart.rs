//! A canvas that redraws when its inputs change, at most once per animation frame.

use crate::error::Result;
use crate::web::components::common::help_tip::{described_by, Explain};
use crate::web::glue::canvas::draw_on;
use crate::web::glue::download::{save_png, save_text};
use crate::web::glue::page_backend::PageBackend;
use crate::web::glue::svg::WebSvg;
use crate::web::state::AppState;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use plotters::prelude::IntoDrawingArea;
use std::cell::RefCell;
use std::rc::Rc;

/// Whether the stage holding a chart is on screen, provided by each stage's panel (see
/// `crate::web::components::shell::stages`). A chart on a hidden stage draws nothing while
/// training goes on — it neither builds its snapshot nor paints — and draws the latest state
/// when its stage is shown again.
#[derive(Clone, Copy)]
pub struct StageShown(pub Signal<bool>);

/// Whether the component being built is on screen: its stage's [`StageShown`], or always
/// outside any stage (the run bar, banners).
pub fn stage_shown() -> Signal<bool> {
    use_context::<StageShown>().map_or_else(|| Signal::derive(|| true), |s| s.0)
}

/// Time one animation frame may spend painting charts; charts left over paint in the next
/// frame, so that many charts updating together never make one long main-thread task.
const FRAME_BUDGET_MS: f64 = 8.0;

thread_local! {
    static PAINTS: RefCell<Paints> = RefCell::new(Paints::default());
}

/// Pending paints, one per chart, in order of request.
/// A queued paint: (chart, earliest time to run, paint).
type PaintJob = (u64, f64, Box<dyn FnOnce()>);

#[derive(Default)]
struct Paints {
    /// (chart, earliest time to run, paint).
    jobs: Vec<PaintJob>,
    frame_requested: bool,
    next_id: u64,
}

fn new_chart_id() -> u64 {
    PAINTS.with(|p| {
        let mut p = p.borrow_mut();
        p.next_id += 1;
        p.next_id
    })
}

/// Queues `job` as chart `id`'s paint, to run in the first frame at or after page time `due`
/// (ms); a newer job replaces an older one still waiting.
fn queue_paint(id: u64, due: f64, job: Box<dyn FnOnce()>) {
    PAINTS.with(|p| {
        let mut p = p.borrow_mut();
        match p.jobs.iter_mut().find(|(j, _, _)| *j == id) {
            Some(slot) => slot.2 = job,
            None => p.jobs.push((id, due, job)),
        }
    });
    wake_at(due);
}

/// Makes a frame paint at or after page time `due`: the next animation frame, or the first
/// one after a timer. Waiting frame by frame instead would keep the page producing (and
/// committing) 60 empty frames a second while a throttled chart waits for its turn.
fn wake_at(due: f64) {
    let wait = due - crate::web::glue::clock::now_ms();
    if wait <= 0.0 {
        request_frame();
    } else {
        set_timeout(request_frame, std::time::Duration::from_secs_f64(wait / 1000.0));
    }
}

/// Requests an animation frame for the paints, unless one is requested already.
fn request_frame() {
    if PAINTS.with(|p| !std::mem::replace(&mut p.borrow_mut().frame_requested, true)) {
        request_animation_frame(paint_frame);
    }
}

/// Runs the due paints until the frame's budget is spent; the rest wait for a later frame.
fn paint_frame() {
    PAINTS.with(|p| p.borrow_mut().frame_requested = false);
    let start = crate::web::glue::clock::now_ms();
    loop {
        let job = PAINTS.with(|p| {
            let mut p = p.borrow_mut();
            let due = p.jobs.iter().position(|(_, due, _)| *due <= start)?;
            Some(p.jobs.remove(due).2)
        });
        let Some(job) = job else { break };
        job();
        if crate::web::glue::clock::now_ms() - start > FRAME_BUDGET_MS {
            break;
        }
    }
    let next = PAINTS.with(|p| p.borrow().jobs.iter().map(|(_, due, _)| *due).reduce(f64::min));
    if let Some(next) = next {
        wake_at(next);
    }
}

/// Coalesces updates: [`FrameThrottle::submit`] keeps only the latest snapshot and paints it
/// in an animation frame, so any number of changes within a frame cost one paint; paints of
/// all charts share a per-frame time budget (`FRAME_BUDGET_MS`).
pub struct FrameThrottle<P> {
    pending: Rc<RefCell<Option<P>>>,
    id: u64,
    /// Least time between two paints, ms (expensive charts repaint less often while training).
    min_interval: f64,
    last: Rc<std::cell::Cell<f64>>,
}

impl<P> Clone for FrameThrottle<P> {
    fn clone(&self) -> Self {
        Self { pending: self.pending.clone(), id: self.id, min_interval: self.min_interval, last: self.last.clone() }
    }
}

impl<P: 'static> FrameThrottle<P> {
    /// A throttle with nothing pending.
    pub fn new() -> Self {
        Self::with_interval(0.0)
    }

    /// A throttle that paints at most once per `min_interval` ms.
    pub fn with_interval(min_interval: f64) -> Self {
        Self {
            pending: Rc::new(RefCell::new(None)),
            id: new_chart_id(),
            min_interval,
            last: Rc::new(std::cell::Cell::new(f64::NEG_INFINITY)),
        }
    }

    /// Replaces the pending snapshot; queues `paint` for it if none is queued yet.
    pub fn submit(&self, snapshot: P, paint: impl FnOnce(P) + 'static) {
        let was_idle = self.pending.borrow_mut().replace(snapshot).is_none();
        if was_idle {
            let pending = self.pending.clone();
            let last = self.last.clone();
            queue_paint(
                self.id,
                self.last.get() + self.min_interval,
                Box::new(move || {
                    if let Some(snapshot) = pending.borrow_mut().take() {
                        last.set(crate::web::glue::clock::now_ms());
                        paint(snapshot);
                    }
                }),
            );
        }
    }
}

impl<P: 'static> Default for FrameThrottle<P> {
    fn default() -> Self {
        Self::new()
    }
}

/// Draws a snapshot `P` on the page's backend: the canvas on screen, a PNG's canvas or an SVG
/// document (one compiled copy of the drawing code for all three).
pub type Paint<P> = Rc<dyn Fn(&DrawingArea<PageBackend<'_>, Shift>, &P) -> Result<()>>;

/// `painter!(|area, snapshot: &T| body)`: a [`Paint`] running `body`.
/// `painter!(clone(a, b) |area, snapshot: &T| body)` clones `a` and `b` into the closure.
#[macro_export]
macro_rules! painter {
    (|$area:ident, $p:ident : &$t:ty| $body:expr) => {
        $crate::painter!(clone() |$area, $p: &$t| $body)
    };
    (clone($($c:ident),*) |$area:ident, $p:ident : &$t:ty| $body:expr) => {{
        $(let $c = $c.clone();)*
        let paint: $crate::web::components::common::chart::Paint<$t> = std::rc::Rc::new(
            move |$area: &plotters::prelude::DrawingArea<$crate::web::glue::page_backend::PageBackend<'_>, plotters::coord::Shift>,
                  $p: &$t| $body,
        );
        paint
    }};
}

/// A chart on a `<canvas>`, with its text alternative and PNG / SVG downloads.
///
/// `data` reads the reactive inputs (so the chart tracks them) and returns a snapshot;
/// `paint` draws a snapshot. Several changes within one frame cause one redraw, so a fast
/// training run never makes the page draw more than the screen shows. The downloads draw the
/// latest snapshot afresh at the chart's size (`{name}.png`, `{name}.svg`).
#[component]
pub fn Chart<P, T>(
    /// Text alternative: what the chart shows and its key numbers.
    label: Signal<String>,
    /// Canvas width in pixels.
    width: u32,
    /// Canvas height in pixels.
    height: u32,
    /// `data-testid` of the canvas (the download buttons get `-png` and `-svg` after it).
    #[prop(into)]
    testid: String,
    /// File name of downloads, without extension.
    #[prop(into)]
    name: String,
    /// Reads the inputs (tracked) and returns what to draw.
    data: T,
    /// Draws a snapshot.
    paint: Paint<P>,
    /// Show the PNG / SVG download buttons (off for sparklines).
    #[prop(default = true)]
    tools: bool,
    /// Draws on the page's canvas instead of `paint` (a faster way to the same picture).
    #[prop(optional)]
    canvas_paint: Option<Paint<P>>,
    /// Least time between two redraws, ms (for charts that are expensive to draw).
    #[prop(default = 0.0)]
    min_interval_ms: f64,
    /// For one of several charts of a kind (a drift chart per column): the catalogue id of their
    /// shared explanation, which the caller shows once ("What is this?" above them); the canvas
    /// names it in `aria-describedby` instead of showing its own.
    #[prop(optional)]
    explained_by: Option<&'static str>,
) -> impl IntoView
where
    P: 'static,
    T: Fn() -> P + 'static,
{
    // Everything generic ends here: the snapshot becomes a `Scene` (the snapshot drawn two
    // ways), so the chart's effects, throttle and downloads below are compiled once for all
    // kinds of chart, not once per snapshot type.
    let screen = canvas_paint.unwrap_or_else(|| paint.clone());
    let scene: Rc<dyn Fn() -> Scene> = Rc::new(move || {
        let snapshot = Rc::new(data());
        let (s, on_screen) = (screen.clone(), snapshot.clone());
        let (f, in_file) = (paint.clone(), snapshot);
        Scene {
            screen: Rc::new(move |area: &DrawingArea<PageBackend<'_>, Shift>| s(area, &on_screen)),
            file: Rc::new(move |area: &DrawingArea<PageBackend<'_>, Shift>| f(area, &in_file)),
        }
    });
    chart_view(ChartView { label, width, height, testid, name, tools, min_interval_ms, explained_by }, scene)
}

/// A snapshot drawn: `screen` on the page's canvas (and PNG downloads), `file` for SVG.
#[derive(Clone)]
struct Scene {
    screen: Drawing,
    file: Drawing,
}

/// Draws one picture on the page's backend.
type Drawing = Rc<dyn Fn(&DrawingArea<PageBackend<'_>, Shift>) -> Result<()>>;

/// The non-generic settings of a [`Chart`].
struct ChartView {
    label: Signal<String>,
    width: u32,
    height: u32,
    testid: String,
    name: String,
    tools: bool,
    min_interval_ms: f64,
    explained_by: Option<&'static str>,
}

/// The chart itself: redraws `scene()` when what it reads changes, and offers downloads.
fn chart_view(v: ChartView, scene: Rc<dyn Fn() -> Scene>) -> impl IntoView {
    let ChartView { label, width, height, testid, name, tools, min_interval_ms, explained_by } = v;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let throttle = FrameThrottle::with_interval(min_interval_ms);
    let latest: StoredValue<Option<Scene>, LocalStorage> = StoredValue::new_local(None);
    let state = use_context::<AppState>();
    let shown = stage_shown();
    let report = move |e: crate::error::Error| {
        if let Some(s) = state {
            s.error.set(Some(e.to_string()));
        }
    };
    Effect::new(move |_| {
        if !shown.get() {
            return;
        }
        let snapshot = scene();
        latest.set_value(Some(snapshot.clone()));
        let Some(el) = canvas.get() else { return };
        throttle.submit(snapshot, move |snapshot| {
            // Hidden since it was queued: drawn when its stage is shown again.
            if !shown.get_untracked() {
                return;
            }
            if let Err(e) = draw_on(el, |area| (snapshot.screen)(area)) {
                report(e);
            }
        });
    });
    let svg_name = name.clone();
    let save_svg = move |_| {
        let name = &svg_name;
        let Some(snapshot) = latest.get_value() else { return };
        match svg_string((width, height), |area| (snapshot.file)(area)) {
            Ok(text) => {
                if let Err(e) = save_text(&format!("{name}.svg"), "image/svg+xml", &text) {
                    report(crate::error::Error::Plot(e));
                }
            }
            Err(e) => report(e),
        }
    };
    let png_name = name.clone();
    let save_png = move |_| {
        let name = &png_name;
        let Some(snapshot) = latest.get_value() else { return };
        if let Err(e) = save_png(&format!("{name}.png"), width, height, |area| (snapshot.screen)(area)) {
            report(e);
        }
    };
    view! {
        <div class="chart">
            <canvas
                node_ref=canvas
                width=width
                height=height
                role="img"
                aria-label=move || label.get()
                title=move || label.get()
                aria-describedby=explained_by.and_then(described_by).or_else(|| tools.then(|| described_by(&testid)).flatten())
                data-testid=testid.clone()
            ></canvas>
            {tools.then(|| view! {
                <div class="chart-tools">
                    <button class="link" data-testid=format!("{testid}-png") aria-label=format!("Download {name} as PNG") on:click=save_png>"PNG"</button>
                    <button class="link" data-testid=format!("{testid}-svg") aria-label=format!("Download {name} as SVG") on:click=save_svg>"SVG"</button>
                </div>
            })}
            {(tools && explained_by.is_none()).then(|| view! { <Explain id=testid.clone() /> })}
        </div>
    }
}

/// Draws with `draw` into an SVG document of `size` pixels.
pub fn svg_string(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<PageBackend<'_>, Shift>) -> Result<()>,
) -> Result<String> {
    let mut out = String::new();
    {
        let root = PageBackend::Svg(WebSvg::with_string(&mut out, size)).into_drawing_area();
        draw(&root)?;
        root.present().map_err(|e| crate::error::Error::Plot(e.to_string()))?;
    }
    Ok(out)
}
