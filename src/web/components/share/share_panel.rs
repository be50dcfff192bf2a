//! The Share panel: make a link of the experiment (optionally with the finished run's
//! fingerprint and an instructor's options), copy it, see how big it is, and export or import
//! the experiment as a JSON file when it is too big for a link.

use crate::spec::link::Teaching;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::lazy::LazyPart;
use crate::web::components::share::control_picker::ControlPicker;
use crate::web::components::share::lesson_builder::LessonBuilder;
use crate::web::glue::download::save_text;
use crate::web::glue::fetch::host_of;
use crate::web::glue::file::{picked_file, read_bytes, spawn};
use crate::web::glue::{teach, url};
use crate::web::state::{AppState, LinkSize, RunStatus, ShareState};
use leptos::prelude::*;

/// "N characters; data X of 64 KiB compressed", and for a file too big to embed ("data over
/// 64 KiB compressed"), what the link carries instead: its name and hash, and the address it
/// was downloaded from, if any.
fn budget_text(size: &LinkSize) -> String {
    let b = &size.budget;
    let too_big = match size.data_url.as_deref().and_then(host_of) {
        Some(host) => {
            format!(" — too big to embed: the link names the file and its address at {host}, where readers fetch it")
        }
        None => " — too big to embed: the link names the file, or export the experiment".to_string(),
    };
    let data = match b.data_compressed {
        Some(c) if b.data_fits => format!("; data {:.1} of {} KiB compressed", c as f64 / 1024.0, b.data_limit >> 10),
        Some(_) => format!("; data over {} KiB compressed{too_big}", b.data_limit >> 10),
        None => String::new(),
    };
    format!("{} characters{data}", b.link_chars)
}

/// The Share menu: its button, and its contents built from their own wasm chunk the first time
/// it opens (the lesson builder, the class options and the link's budget are not part of the
/// first download, and the link's size is not measured while the menu has never been opened).
#[component]
pub fn SharePanel() -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let opened = RwSignal::new(false);
    view! {
        <details class="share-panel" data-testid="share-panel" node_ref=menu
            on:toggle=move |_| if menu.get().is_some_and(|d| d.open()) { opened.set(true) }
            on:keydown=move |ev| if teach::key(&ev) == "Escape" {
                // Escape closes the menu (and only it), back on its button.
                if let Some(d) = menu.get() {
                    if d.open() {
                        d.set_open(false);
                        ev.stop_propagation();
                        teach::focus_first(&d, "summary");
                    }
                }
            }>
            <summary data-testid="share-open" aria-describedby=described_by("share-panel")>"Share"</summary>
            <div class="menu-box share-box">
                <LazyPart when=opened load=lazy_share::share_box what="The Share menu" />
            </div>
        </details>
    }
}

/// The split point of the Share menu's contents.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_share {
    use crate::web::components::common::lazy::Loaded;
    use leptos::prelude::*;

    #[leptos::wasm_split::wasm_split(share_box, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn share_box() -> Loaded {
        Ok(super::share_box_view().into_any())
    }
}

/// The Share menu's contents.
fn share_box_view() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let start = share.teaching.get_untracked();
    let with_fingerprint = RwSignal::new(false);
    let note = RwSignal::new(start.note.clone());
    let autostart = RwSignal::new(start.autostart);
    let hide = RwSignal::new(start.hidden.clone());
    let lock = RwSignal::new(start.locked.clone());
    let copied = RwSignal::new(String::new());
    let done = move || state.status.get() == RunStatus::Done && state.fingerprint.with(Option::is_some);
    let teaching = move || Teaching {
        hidden: hide.get_untracked(),
        locked: lock.get_untracked(),
        autostart: autostart.get_untracked(),
        note: note.get_untracked(),
    };
    let budget = Memo::new(move |_| {
        state.spec.track();
        state.changes.track();
        share.made.track();
        share.budget().map_err(|e| e.to_string())
    });
    let make = move |_| {
        copied.set(String::new());
        if let Err(e) = share.make(with_fingerprint.get_untracked() && done(), teaching()) {
            state.error.set(Some(format!("The link could not be made: {e}. Export the experiment as a file instead.")));
        }
    };
    let copy = move |_| {
        let Some(link) = share.made.get_untracked() else { return };
        if url::copy(&link) {
            copied.set("Copied.".into());
        } else {
            url::select_text("share-link");
            copied.set("Selected: press Ctrl+C (⌘C) to copy.".into());
        }
    };
    let export = move |_| {
        let result =
            share.current_link(with_fingerprint.get_untracked() && done(), teaching()).and_then(|l| l.to_json_file());
        match result.map_err(|e| e.to_string()).and_then(|text| save_text("experiment.json", "application/json", &text))
        {
            Ok(()) => {}
            Err(e) => state.error.set(Some(format!("The experiment could not be exported: {e}"))),
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        spawn(async move {
            let name = file.name();
            match read_bytes(&file).await {
                Ok(bytes) => match crate::spec::link::ShareLink::from_json_file(&String::from_utf8_lossy(&bytes)) {
                    Ok(link) => {
                        share.open(link);
                    }
                    Err(e) => state
                        .error
                        .set(Some(format!("`{name}` was not imported: {e}. The current experiment is kept."))),
                },
                Err(e) => state.error.set(Some(e)),
            }
        });
    };
    view! {
            <HelpTip ids=vec!["share-panel"] about="sharing" />
            <div class="field-row">
            <label class="check">
                <input type="checkbox" data-testid="share-fingerprint" aria-describedby=described_by("share-fingerprint")
                    prop:disabled=move || !done()
                    prop:checked=move || with_fingerprint.get()
                    on:change=move |ev| with_fingerprint.set(event_target_checked(&ev)) />
                " include this run's fingerprint (the reader sees whether the replay is exact)"
            </label>
            <HelpTip ids=vec!["share-fingerprint"] about="the run's fingerprint" />
            </div>
            <details class="teaching-options">
                <summary aria-describedby=described_by("class-options")>"Options for a class"</summary>
                <label class="field">
                    <span class="field-row">
                        <span class="field-label" id="label-share-note">"Note to the reader"</span>
                        <HelpTip ids=vec!["class-options"] about="the options for a class" />
                    </span>
                    <textarea rows="3" data-testid="share-note" maxlength="2000" aria-labelledby="label-share-note" aria-describedby=described_by("class-options") prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="share-autostart" aria-describedby=described_by("class-options") prop:checked=move || autostart.get()
                        on:change=move |ev| autostart.set(event_target_checked(&ev)) />
                    " start training when the link opens"
                </label>
                <ControlPicker hide=hide lock=lock />
            </details>
            <LessonBuilder />
            <div class="field-row">
                <button data-testid="share-make" aria-describedby=described_by("share-link") on:click=make>"Make share link"</button>
                <HelpTip ids=vec!["share-link"] about="share links" />
            </div>
            <div class="share-link">
                <input type="text" readonly data-testid="share-link" aria-label="Share link" aria-describedby=described_by("share-link")
                    prop:value=move || share.made.get().unwrap_or_default() />
                <button data-testid="share-copy" aria-describedby=described_by("share-link") prop:disabled=move || share.made.with(Option::is_none) on:click=copy>"Copy"</button>
                <span class="caption" data-testid="share-copied">{move || copied.get()}</span>
            </div>
            {move || match budget.get() {
                Ok(b) => view! {
                    <div class="link-budget">
                        <meter data-testid="link-meter" min="0" max="1" high="0.9" value=b.budget.data_share().min(1.0)></meter>
                        <span class="caption" data-testid="link-size">{budget_text(&b)}</span>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="caption" data-testid="link-size">{format!("No link for this experiment: {e}")}</p> }.into_any(),
            }}
            <div class="share-files">
                <button data-testid="share-export" aria-describedby=described_by("share-export") on:click=export>"Export experiment (.json)"</button>
                <label class="button-like">"Import experiment"
                    <input type="file" accept=".json,application/json" class="visually-hidden"
                        data-testid="share-import" aria-describedby=described_by("share-export") on:change=import />
                </label>
                <HelpTip ids=vec!["share-export"] about="exporting and importing the experiment" />
            </div>
    }
}
