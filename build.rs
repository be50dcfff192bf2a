//! Links the wasm app with relocations kept (`--emit-relocs`), so that the release build's
//! post-build hook `tools/wasm_split.py` can split the module into the main module and the
//! chunks loaded on first use (wasm-split: `#[wasm_split]` functions and what only they reach).
//! Only the final link changes: no dependency is rebuilt.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=app=--emit-relocs");
    }
}
