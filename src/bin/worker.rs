//! The training worker's wasm entry (built by Trunk as `data-type="worker"`).

fn main() {
    if let Err(e) = lantern::web::worker::start_worker() {
        web_sys::console::error_1(&e);
    }
}
