//! The page's wasm entry (built by Trunk).

fn main() {
    lantern::web::start_app();
}
