//! The worker's side: owns a [`Session`], handles commands, and while playing trains in slices
//! of about [`SLICE_MS`] milliseconds. Between slices it yields to its event loop through a
//! `MessageChannel` (no timer clamping), so a pause or step sent meanwhile is handled at once.
//! The session has the browser's clock, so it reports progress at most every
//! [`crate::train::REPORT_MS`], not after every slice.

use super::glue::clock::{iso_now, now_ms};
use super::glue::test_hooks;
use crate::data::ColumnData;
use crate::data::Table;
use crate::deploy::ModelBundle;
use crate::train::{Command, Event, Payload, PayloadKind, Session, Trainer};
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
            let (text, table) = e.into_wire();
            let Some(table) = table else {
                let _ = self.scope.post_message(&text.into());
                continue;
            };
            // A table's cells: one typed array per column (copied out of wasm memory once), their
            // buffers handed over to the page, not copied again.
            let message = js_sys::Array::of1(&text.into());
            let transfer = js_sys::Array::new();
            for column in &table.columns {
                let array: JsValue = match &column.data {
                    ColumnData::Numeric { values } => js_sys::Float64Array::from(values.as_slice()).into(),
                    ColumnData::Text { codes, .. } => js_sys::Uint32Array::from(codes.as_slice()).into(),
                };
                transfer.push(&js_sys::Reflect::get(&array, &"buffer".into()).unwrap_or(JsValue::UNDEFINED));
                message.push(&array);
            }
            let _ = self.scope.post_message_with_transfer(&message, &transfer);
        }
    }

    /// Reads the user's file ([`Command::File`]), reporting progress while it is read when the
    /// page asked for a description (at most every [`crate::train::REPORT_MS`]).
    fn read_file(&self, name: &str, bytes: std::sync::Arc<Vec<u8>>, describe: bool) -> Vec<Event> {
        let mut last = now_ms();
        let mut progress = |share: f64| {
            if describe && now_ms() - last >= crate::train::REPORT_MS {
                last = now_ms();
                self.post(vec![Event::Reading { name: name.to_string(), share }]);
            }
        };
        self.session.borrow_mut().read_file(name, bytes, describe, &mut progress)
    }

    fn schedule_tick(&self) {
        if self.session.borrow().is_playing() && !self.tick_scheduled.replace(true) {
            let _ = self.channel.port2().post_message(&JsValue::NULL);
        }
    }

    fn on_message(&self, data: &JsValue) {
        if data.as_string().is_some_and(|t| t == test_hooks::PANIC_MESSAGE) && test_hooks::in_worker() {
            panic!("test hook: a deliberate panic in the training worker");
        }
        let events = match command_of(data) {
            Ok(Command::File { name, describe, bytes }) => self.read_file(&name, bytes, describe),
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

/// The command a message holds (see [`crate::train::Payload`]): its JSON text alone, or an
/// array of the text and the typed arrays of the payload its variant carries.
fn command_of(data: &JsValue) -> crate::error::Result<Command> {
    let unknown = || crate::error::Error::Protocol("the page sent a message the worker does not understand".into());
    if let Some(text) = data.as_string() {
        return Command::from_wire(&text, Payload::None);
    }
    let parts = data.dyn_ref::<js_sys::Array>().ok_or_else(unknown)?;
    let command = Command::from_json(&parts.get(0).as_string().ok_or_else(unknown)?)?;
    let payload = match (command.payload_kind(), parts.length()) {
        (PayloadKind::Bytes, 2) => {
            let part = parts.get(1);
            let bytes = if let Some(blob) = part.dyn_ref::<web_sys::Blob>() {
                // The user's file, as the page picked it: read here, the only place it is read.
                super::glue::file::read_blob_sync(blob).map_err(crate::error::Error::data)?
            } else {
                part.dyn_into::<js_sys::Uint8Array>().map_err(|_| unknown())?.to_vec()
            };
            Payload::Bytes(std::sync::Arc::new(bytes))
        }
        // Any typed arrays: the harness's targets may be integers.
        (PayloadKind::Rows, 3) => Payload::Rows {
            x: js_sys::Float32Array::new(&parts.get(1)).to_vec(),
            y: js_sys::Float32Array::new(&parts.get(2)).to_vec(),
        },
        _ => return Err(unknown()),
    };
    command.with_payload(payload)
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
        rt.on_message(&msg.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker

    runtime.post(vec![Event::Ready]);
    Ok(())
}
