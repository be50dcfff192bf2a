//! The web front end (feature `web`): a Leptos page and a Web Worker that trains.
//!
//! Only [`glue`] and [`worker`] touch `web_sys`/`js_sys`; components call the core and the
//! glue. Training never runs on the page's thread: the page sends [`crate::train::Command`]s to
//! the worker and draws the [`crate::train::Event`]s it gets back.

pub mod app;
pub mod catalogue;
pub mod components;
pub mod glue;
pub mod help;
pub mod rules;
pub mod state;
pub mod worker;

pub use app::App;

/// Entry point of the one wasm module, for the page and for the training worker.
///
/// Page and worker share the module so that its code (std, serde, the CSV reader, specs, data
/// preparation, candle, which both sides need) is downloaded and compiled once: the page starts
/// the worker as a module worker running `www/worker_loader.js`, which imports the app's
/// JavaScript module and starts it again (see [`glue::worker_client`]); here it finds a
/// worker's global scope instead of a window and starts the trainer.
pub fn start() {
    if worker::in_worker() {
        worker::run();
    } else {
        start_app();
    }
}

/// The page's side: installs the panic reporter and mounts the app.
pub fn start_app() {
    glue::panic::install_page_hook();
    glue::test_hooks::install_page();
    let theme = crate::viz::Theme::default();
    glue::text_width::warm_fonts(theme.font_family, theme.font_size);
    leptos::mount::mount_to_body(App);
}
