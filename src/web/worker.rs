//! The worker's side: owns a [`Session`], handles commands, and while playing trains in slices
//! of about [`SLICE_MS`] milliseconds. Between slices it yields to its event loop through a
//! `MessageChannel` (no timer clamping), so a pause or step sent meanwhile is handled at once.
//! The session has the browser's clock, so it reports progress at most every
//! [`crate::train::REPORT_MS`], not after every slice.

use super::glue::cells;
use super::glue::clock::{iso_now, now_ms};
use super::glue::test_hooks;
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
    /// The cells of the last table posted that are still to send (see [`cells`]).
    outgoing: RefCell<Option<cells::Outgoing>>,
}

impl Runtime {
    fn post(&self, events: Vec<Event>) {
        for e in events {
            let (text, table) = e.into_wire();
            let Some(table) = table else {
                let _ = self.scope.post_message(&text.into());
                continue;
            };
            // A table's cells: a header, then pieces through buffers the page sends back.
            let (header, outgoing) = cells::Outgoing::start(text, table);
            let _ = self.scope.post_message(&header);
            *self.outgoing.borrow_mut() = Some(outgoing);
            for _ in 0..cells::BUFFERS {
                self.send_piece(&js_sys::ArrayBuffer::new(cells::PIECE_BYTES as u32));
            }
        }
    }

    /// Posts the next piece of the table's cells in `buffer` (moved to the page, not copied),
    /// if any is left.
    fn send_piece(&self, buffer: &js_sys::ArrayBuffer) {
        let mut outgoing = self.outgoing.borrow_mut();
        match outgoing.as_mut().and_then(|o| o.next_piece(buffer)) {
            Some(message) => {
                let _ = self.scope.post_message_with_transfer(&message, &js_sys::Array::of1(buffer));
            }
            None => *outgoing = None,
        }
    }

    /// Reads the user's file ([`Command::File`]) a chunk at a time, reporting progress while
    /// it is read when the page asked for a description (at most every
    /// [`crate::train::REPORT_MS`]).
    fn read_file(&self, name: &str, blob: web_sys::Blob, describe: bool) -> Vec<Event> {
        let mut source = match super::glue::file::BlobSource::new(blob) {
            Ok(source) => source,
            Err(e) if describe => {
                return vec![Event::FileRefused {
                    name: name.to_string(),
                    message: format!("`{name}` was not loaded: {e}"),
                }]
            }
            Err(e) => return vec![Event::Failed { message: e.to_string() }],
        };
        let mut last = now_ms();
        let mut progress = |share: f64| {
            if describe && now_ms() - last >= crate::train::REPORT_MS {
                last = now_ms();
                self.post(vec![Event::Reading { name: name.to_string(), share }]);
            }
        };
        self.session.borrow_mut().read_source(name, &mut source, describe, &mut progress)
    }

    fn schedule_tick(&self) {
        if self.session.borrow().has_work() && !self.tick_scheduled.replace(true) {
            let _ = self.channel.port2().post_message(&JsValue::NULL);
        }
    }

    fn on_message(self: &Rc<Self>, data: &JsValue) {
        if data.as_string().is_some_and(|t| t == test_hooks::PANIC_MESSAGE) && test_hooks::in_worker() {
            panic!("test hook: a deliberate panic in the training worker");
        }
        let events = match message_of(data) {
            Ok(Message::CellsBack(buffer)) => return self.send_piece(&buffer),
            Ok(Message::Command(c)) if matches!(*c, Command::Explain { .. }) => return self.explain(*c),
            Ok(Message::File { name, describe, blob }) => self.read_file(&name, blob, describe),
            Ok(Message::Command(c)) => self.session.borrow_mut().handle(*c),
            Err(e) => vec![Event::Failed { message: e.to_string() }],
        };
        self.post(events);
        self.schedule_tick();
    }

    /// Answers a [`Command::Explain`] with the explainer, whose code is a chunk of its own
    /// (fetched in the worker the first time; see [`lazy_explain`]).
    fn explain(self: &Rc<Self>, command: Command) {
        let Command::Explain { feature } = command else { return };
        let rt = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let events = match lazy_explain::explainer().await {
                Ok(explain) => {
                    rt.session.borrow().trainer().map(|t| explain(t, feature as usize)).into_iter().collect()
                }
                Err(e) => {
                    vec![Event::Failed {
                        message: format!("the explanation's code could not be loaded ({e}): reload the page"),
                    }]
                }
            };
            rt.post(events);
        });
    }

    fn on_tick(&self) {
        self.tick_scheduled.set(false);
        let start = now_ms();
        let events = self.session.borrow_mut().tick(|| now_ms() - start < SLICE_MS);
        self.post(events);
        self.schedule_tick();
    }
}

/// The split point of the explanations (partial dependence and the wrong rows): the worker
/// fetches their code the first time the page asks for one.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_explain {
    use crate::train::{Event, Trainer};

    /// Explains an input of a trained model, as the worker answers the page.
    pub type Explainer = fn(&Trainer, usize) -> Event;

    #[leptos::wasm_split::wasm_split(explainer, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn explainer() -> Result<Explainer, leptos::wasm_split::SplitLoaderError> {
        Ok(explain)
    }

    fn explain(trainer: &Trainer, feature: usize) -> Event {
        let start = super::now_ms();
        let mut explanation = trainer.explain(feature, None);
        explanation.ms = Some(super::now_ms() - start);
        Event::Explained { explanation: serde_json::to_string(&explanation).unwrap_or_default() }
    }
}

/// The worker's [`crate::train::Exporter`]: the run's bundle, dated with the browser's clock,
/// as a zip.
fn export_dated(trainer: &Trainer, table: Option<&Table>) -> crate::error::Result<Vec<u8>> {
    let mut bundle = ModelBundle::from_trainer(trainer, table)?;
    bundle.card.created = Some(iso_now());
    bundle.to_zip()
}

/// What the page asks of the worker.
enum Message {
    /// A command for the session.
    Command(Box<Command>),
    /// A buffer of the table's cells back from the page, to carry the next piece.
    CellsBack(js_sys::ArrayBuffer),
    /// A [`Command::File`] whose file is the `Blob` the user picked: read here, a chunk at a
    /// time, the only place it is read.
    File { name: String, describe: bool, blob: web_sys::Blob },
}

/// The message `data` holds (see [`crate::train::Payload`]): a command's JSON text alone, or
/// an array of the text and the typed arrays (or the `Blob`) of the payload its variant carries.
fn message_of(data: &JsValue) -> crate::error::Result<Message> {
    let unknown = || crate::error::Error::Protocol("the page sent a message the worker does not understand".into());
    if let Some(text) = data.as_string() {
        return Command::from_wire(&text, Payload::None).map(|c| Message::Command(Box::new(c)));
    }
    let parts = data.dyn_ref::<js_sys::Array>().ok_or_else(unknown)?;
    if cells::is_piece(parts) {
        return parts.get(1).dyn_into().map(Message::CellsBack).map_err(|_| unknown());
    }
    let command = Command::from_json(&parts.get(0).as_string().ok_or_else(unknown)?)?;
    let payload = match (command.payload_kind(), parts.length()) {
        (PayloadKind::Bytes, 2) => {
            let part = parts.get(1);
            if let Some(blob) = part.dyn_ref::<web_sys::Blob>() {
                let Command::File { name, describe, .. } = command else { return Err(unknown()) };
                return Ok(Message::File { name, describe, blob: blob.clone() });
            }
            let bytes = part.dyn_into::<js_sys::Uint8Array>().map_err(|_| unknown())?.to_vec();
            Payload::Bytes(std::sync::Arc::new(bytes))
        }
        // Any typed arrays: the harness's targets may be integers.
        (PayloadKind::Rows, 3) => Payload::Rows {
            x: js_sys::Float32Array::new(&parts.get(1)).to_vec(),
            y: js_sys::Float32Array::new(&parts.get(2)).to_vec(),
        },
        _ => return Err(unknown()),
    };
    command.with_payload(payload).map(|c| Message::Command(Box::new(c)))
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
        outgoing: RefCell::new(None),
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
