//! The one wasm entry (built by Trunk), for the page and for the training worker: see
//! [`lantern::web::start`].

fn main() {
    lantern::web::start();
}
