//! Browser adapters with Rust-typed APIs. Nothing else in the web layer calls `web_sys`.

pub mod canvas;
pub mod cells;
pub mod clock;
pub mod download;
pub mod fetch;
pub mod file;
pub mod page_backend;
pub mod panic;
pub mod storage;
pub mod svg;
pub mod teach;
pub mod test_hooks;
pub mod text_width;
pub mod tick;
pub mod url;
pub mod worker_client;
