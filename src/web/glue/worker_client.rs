//! The page's side of the training worker: spawns it, queues commands until it says it is
//! ready (a message posted before its wasm has loaded would be lost), and turns its messages
//! into [`Event`]s.
//!
//! Page and worker run ONE wasm module (the app's): its code, most of which both sides need
//! (std, serde, the CSV reader, specs, data preparation, candle for predictions), is downloaded
//! and compiled once. The worker is a module worker running `worker_loader.js` (copied by Trunk
//! from `www/`), which imports the app's JavaScript module from the address given in its
//! `module` query parameter and starts it; the app's entry point sees that it runs in a worker
//! and starts the trainer instead of the page (see `src/bin/app.rs`). The page passes the
//! address because Trunk names the module with a content hash that changes with every build.

use super::cells;
use crate::train::{Command, Event, Payload};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The address of the app's JavaScript module (`…/app-<hash>.js`): wasm-bindgen writes
    /// `import.meta.url` into that module, so this is the module that holds this very code.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MODULE_URL: String;
}

/// The worker script's address: `script` (which may already carry a query, e.g.
/// `?test-hooks`) with `module=<the app's JS module, URI-encoded>` and `compiled` (its first
/// message will be the compiled `WebAssembly.Module`) added to its query.
pub fn worker_script_url(script: &str) -> String {
    let module = MODULE_URL.with(|url| String::from(js_sys::encode_uri_component(url)));
    let separator = if script.contains('?') { '&' } else { '?' };
    format!("{script}{separator}module={module}&compiled")
}

/// A running training worker.
pub struct WorkerClient {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
    crashed: Rc<Cell<bool>>,
    pending: Rc<RefCell<Vec<JsValue>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl WorkerClient {
    /// Starts the worker script at `url` (a module worker running the app's own module, see
    /// the module's documentation); `on_event` receives everything it sends, and a
    /// [`Event::Failed`] if the worker itself crashes or cannot start (then
    /// [`WorkerClient::has_crashed`] is true: a worker whose wasm panicked or trapped cannot be
    /// used again, the page starts a new one).
    pub fn spawn(url: &str, on_event: impl Fn(Event) + 'static) -> Result<Self, String> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&worker_script_url(url), &options)
            .map_err(|e| format!("could not start the training worker: {e:?}"))?;
        // The page's own compiled module goes first (ahead of the queue): the worker
        // instantiates it at once instead of fetching and compiling the wasm again.
        worker
            .post_message(&wasm_bindgen::module())
            .map_err(|e| format!("could not start the training worker: {e:?}"))?;
        let ready = Rc::new(Cell::new(false));
        let pending: Rc<RefCell<Vec<JsValue>>> = Rc::default();
        let on_event = Rc::new(on_event);

        let (w, r, p, handler) = (worker.clone(), ready.clone(), pending.clone(), on_event.clone());
        let incoming: RefCell<Option<cells::Incoming>> = RefCell::new(None);
        let on_message = Closure::<dyn FnMut(_)>::new(move |msg: web_sys::MessageEvent| {
            let data = msg.data();
            if let Some(parts) = data.dyn_ref::<js_sys::Array>() {
                // An event with a table: its header, then its cells in pieces (see [`cells`]).
                let done = match incoming_cells(&w, &incoming, parts) {
                    Ok(done) => done,
                    Err(e) => Some(Event::Failed { message: e.to_string() }),
                };
                if let Some(event) = done {
                    handler(event);
                }
                return;
            }
            match data.as_string().map(|text| Event::from_json(&text)) {
                Some(Ok(Event::Ready)) => {
                    r.set(true);
                    for queued in p.borrow_mut().drain(..) {
                        let _ = w.post_message(&queued);
                    }
                }
                Some(Ok(event)) => handler(event),
                Some(Err(e)) => handler(Event::Failed { message: e.to_string() }),
                None => {
                    handler(Event::Failed { message: "the worker sent a message the page does not understand".into() })
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        let crashed = Rc::new(Cell::new(false));
        let dead = crashed.clone();
        let on_error = Closure::<dyn FnMut(_)>::new(move |e: web_sys::ErrorEvent| {
            e.prevent_default();
            dead.set(true);
            on_event(Event::Failed { message: format!("the training worker crashed ({}).", e.message()) });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        Ok(Self { worker, ready, crashed, pending, _on_message: on_message, _on_error: on_error })
    }

    /// Whether the worker crashed (an uncaught error or a wasm trap, e.g. after a panic).
    pub fn has_crashed(&self) -> bool {
        self.crashed.get()
    }

    /// Whether the worker has said it is ready.
    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    /// Sends a command now, or as soon as the worker is ready: its JSON text alone, or, for a
    /// command with a payload ([`Command::into_wire`]), an array of the text and the payload's
    /// typed arrays (a file's bytes: one `Uint8Array`; rows: two `Float32Array`s).
    pub fn send(&self, command: &Command) {
        let (text, payload) = command.clone().into_wire();
        let text = JsValue::from(text);
        let message = match payload {
            Payload::None => text,
            Payload::Bytes(bytes) => js_sys::Array::of2(&text, &js_sys::Uint8Array::from(bytes.as_slice())).into(),
            Payload::Rows { x, y } => js_sys::Array::of3(
                &text,
                &js_sys::Float32Array::from(x.as_slice()),
                &js_sys::Float32Array::from(y.as_slice()),
            )
            .into(),
        };
        self.post(message);
    }

    /// Sends the user's file to be read ([`Command::File`]): the message is its JSON text and
    /// the `Blob` itself, which the worker reads (the page never reads the bytes).
    pub fn send_file(&self, name: &str, describe: bool, blob: &web_sys::Blob) {
        let command = Command::File { name: name.to_string(), describe, bytes: Default::default() };
        self.post(js_sys::Array::of2(&JsValue::from(command.to_json()), blob).into());
    }

    fn post(&self, message: JsValue) {
        if self.ready.get() {
            let _ = self.worker.post_message(&message);
        } else {
            self.pending.borrow_mut().push(message);
        }
    }
}

/// Takes in a message that is an array: the header of an event with a table, or a piece of its
/// cells, whose buffer goes straight back to `worker`. The event, once every cell is in.
fn incoming_cells(
    worker: &web_sys::Worker,
    incoming: &RefCell<Option<cells::Incoming>>,
    parts: &js_sys::Array,
) -> crate::error::Result<Option<Event>> {
    let mut incoming = incoming.borrow_mut();
    if cells::is_piece(parts) {
        let receiving = incoming.as_mut().ok_or_else(|| {
            crate::error::Error::Protocol("the worker sent cells of a table the page was not told of".into())
        })?;
        let buffer = receiving.add(parts)?;
        let back = js_sys::Array::of2(&cells::PIECE.into(), &buffer);
        let _ = worker.post_message_with_transfer(&back, &js_sys::Array::of1(&buffer));
    } else {
        *incoming = Some(cells::Incoming::start(parts)?);
    }
    match incoming.take() {
        Some(done) if done.is_complete() => done.into_event().map(Some),
        still => {
            *incoming = still;
            Ok(None)
        }
    }
}

impl Drop for WorkerClient {
    fn drop(&mut self) {
        // Messages already on their way must not reach the handlers dropped with this client.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
