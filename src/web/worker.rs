//! The worker's side: owns a [`Session`], handles commands, and while playing trains in slices
//! of about [`SLICE_MS`] milliseconds. Between slices it yields to its event loop through a
//! `MessageChannel` (no timer clamping), so a pause or step sent meanwhile is handled at once.
//! The session has the browser's clock, so it reports progress at most every
//! [`crate::train::REPORT_MS`], not after every slice.

use super::glue::clock::{iso_now, now_ms};
use super::glue::test_hooks;
use crate::data::Table;
use crate::deploy::ModelBundle;
use crate::train::{Command, Event, Session, Trainer};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Training time per slice: the longest a command waits while the worker trains.
pub const SLICE_MS: f64 = 30.0;

struct Runtime {
    session: RefCell<Session>,
    scope: web_sys::DedicatedWorkerGlobalScope,
    channel: web_sys::MessageChannel,
    tick_scheduled: std::cell::Cell<bool>,
}

impl Runtime {
    fn post(&self, events: Vec<Event>) {
        for e in events {
            let _ = self.scope.post_message(&e.to_json().into());
        }
    }

    fn schedule_tick(&self) {
        if self.session.borrow().is_playing() && !self.tick_scheduled.replace(true) {
            let _ = self.channel.port2().post_message(&JsValue::NULL);
        }
    }

    fn on_command(&self, text: &str) {
        if text == test_hooks::PANIC_MESSAGE && test_hooks::in_worker() {
            panic!("test hook: a deliberate panic in the training worker");
        }
        let events = match Command::from_json(text) {
            Ok(c) => self.session.borrow_mut().handle(c),
            Err(e) => vec![Event::Failed { message: e.to_string() }],
        };
        self.post(events);
        self.schedule_tick();
    }

    fn on_tick(&self) {
        self.tick_scheduled.set(false);
        let start = now_ms();
        let events = self.session.borrow_mut().tick(|| now_ms() - start < SLICE_MS);
        self.post(events);
        self.schedule_tick();
    }
}

/// The worker's [`crate::train::Exporter`]: the run's bundle, dated with the browser's clock,
/// as a zip.
fn export_dated(trainer: &Trainer, table: Option<&Table>) -> crate::error::Result<Vec<u8>> {
    let mut bundle = ModelBundle::from_trainer(trainer, table)?;
    bundle.card.created = Some(iso_now());
    bundle.to_zip()
}

/// The benchmark page's message `{bench: "W1", x: Float32Array, y: typed array}`: the
/// harness's rows become the session's data and the workload's experiment is loaded (see
/// [`crate::train::bench`]). `None` when the message is not one.
fn bench_message(data: &JsValue, session: &mut Session) -> Option<Vec<Event>> {
    use crate::train::bench::{run_data, Workload};
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    let name = field("bench")?.as_string()?;
    let failed = |message: String| Some(vec![Event::Failed { message }]);
    let Some(workload) = Workload::from_name(&name) else {
        return failed(format!("unknown benchmark workload `{name}`: use W1, W2 or W3"));
    };
    let x = js_sys::Float32Array::new(&field("x")?).to_vec();
    let y = js_sys::Float32Array::new(&field("y")?).to_vec();
    let shape = workload.shape();
    match run_data(x, y, shape.width, shape.classes) {
        Ok(prepared) => {
            session.set_prepared(prepared);
            Some(session.handle(Command::Load { spec: workload.spec(), changes: Vec::new() }))
        }
        Err(e) => failed(e.to_string()),
    }
}

/// Whether this code runs in a dedicated worker (the training worker) rather than the page.
pub fn in_worker() -> bool {
    js_sys::global().is_instance_of::<web_sys::DedicatedWorkerGlobalScope>()
}

/// Starts the worker's side, reporting a failure to start on the worker's console (the page
/// then reports that the worker did not start in time).
pub fn run() {
    if let Err(e) = start_worker() {
        web_sys::console::error_1(&e);
    }
}

/// Sets up the worker's side of the module (see [`crate::web::start`]).
pub fn start_worker() -> Result<(), JsValue> {
    super::glue::panic::install_worker_hook();
    test_hooks::install_worker();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    let runtime = Rc::new(Runtime {
        session: RefCell::new(Session::with_clock(now_ms).with_exporter(export_dated)),
        scope: scope.clone(),
        channel: web_sys::MessageChannel::new()?,
        tick_scheduled: std::cell::Cell::new(false),
    });

    let rt = runtime.clone();
    let on_tick = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| rt.on_tick());
    runtime.channel.port1().set_onmessage(Some(on_tick.as_ref().unchecked_ref()));
    on_tick.forget(); // lives as long as the worker

    let rt = runtime.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |msg: web_sys::MessageEvent| {
        let data = msg.data();
        if let Some(text) = data.as_string() {
            rt.on_command(&text);
        } else if let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() {
            let events = rt.session.borrow_mut().set_file(&bytes.to_vec());
            rt.post(events);
        } else {
            // (The session's borrow must end before posting: `schedule_tick` borrows it again.)
            let bench = bench_message(&data, &mut rt.session.borrow_mut());
            match bench {
                Some(events) => rt.post(events),
                None => rt.post(vec![Event::Failed {
                    message: "the page sent a message the worker does not understand".into(),
                }]),
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker

    runtime.post(vec![Event::Ready]);
    Ok(())
}
