//! Parts of the page whose code is a wasm chunk of its own, fetched the first time they are
//! needed, so that the page's first download does not carry them (the 1 MiB budget).
//!
//! A part's view is built by a *split point*: a function marked
//! `#[leptos::wasm_split::wasm_split(name, wasm_split_path = ::leptos::wasm_split, fallible)]`.
//! The release and debug builds link with relocations kept (`build.rs`), and the post-build
//! hook `tools/wasm_split.py` moves each split point, and everything only it reaches, into a
//! chunk (`docs/wasm-split.md`). Calling the split point fetches and instantiates its chunk the
//! first time (its `Future` resolves then) and returns at once afterwards.
//!
//! [`LazyPart`] is the one place the page awaits a split point: it builds the part under the
//! owner of the component that placed it (so the part sees that component's contexts), and says
//! so in the page when its code cannot be loaded (offline, the file missing or refused by its
//! integrity hash), trying again the next time the part is needed.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// The view a split point builds once its chunk is loaded.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// A part of the page built by the split point `load` the first time `when` is true, and kept
/// from then on.
#[component]
pub fn LazyPart<F, Fut>(
    /// Whether the part is needed now (its stage is shown, or what it works on exists).
    #[prop(into)]
    when: Signal<bool>,
    /// The split point that builds the part.
    load: F,
    /// The part, for the message when its code cannot be loaded: "The Compare panel".
    what: &'static str,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    // The view once its chunk has loaded; `ready` flips when it is there to be taken.
    let ready = RwSignal::new(false);
    let loading = StoredValue::new(false);
    let part: StoredValue<Option<AnyView>, LocalStorage> = StoredValue::new_local(None);
    let failed = RwSignal::new(None::<String>);
    // Built under the placing component's owner, not the effect's (which a rerun disposes).
    let owner = Owner::current();
    Effect::new(move |_| {
        if !when.get() || ready.get_untracked() || loading.get_value() {
            return;
        }
        let Some(owner) = &owner else { return };
        loading.set_value(true);
        owner.with(|| {
            leptos::task::spawn_local_scoped(async move {
                match load().await {
                    Ok(view) => {
                        part.set_value(Some(view));
                        failed.set(None);
                        ready.set(true);
                    }
                    Err(e) => failed.set(Some(format!(
                        "{what} could not be loaded ({e}): check the connection and reload the page."
                    ))),
                }
                loading.set_value(false);
            })
        });
    });
    view! {
        {move || if ready.get() { part.try_update_value(Option::take).flatten() } else { None }}
        {move || failed.get().map(|m| view! { <p class="error-text" role="alert" data-testid="lazy-failed">{m}</p> })}
    }
}
