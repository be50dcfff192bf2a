//! The header's teaching tools: the "Lessons" menu (Lantern's own lessons, as share links that
//! can also be copied or opened in a new tab) and the presentation-mode switch.

use crate::spec::lesson::builtin::BUILTIN_LESSONS;
use crate::spec::link::ShareLink;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::fetch::fetch_bytes;
use crate::web::glue::file::spawn;
use crate::web::glue::{teach, url};
use crate::web::state::{AppState, ShareState, TeachState};
use leptos::prelude::*;

/// A bundled lesson ready to open: its link and that link's fragment.
type LoadedLesson = (crate::spec::lesson::builtin::BuiltinLesson, ShareLink, String);

/// Reads one bundled lesson's files (served next to the app) into its link.
async fn load_lesson(b: crate::spec::lesson::builtin::BuiltinLesson) -> Result<LoadedLesson, String> {
    let json = fetch_bytes(&url::app_file(&b.path())).await?;
    let json = String::from_utf8(json).map_err(|_| format!("the lesson file `{}` is not text", b.path()))?;
    let data = match b.data_path() {
        Some(path) => Some(fetch_bytes(&url::app_file(&path)).await?),
        None => None,
    };
    let link = b.link_from(&json, data).map_err(|e| e.to_string())?;
    let fragment = link.to_fragment().map_err(|e| e.to_string())?;
    Ok((b, link, fragment))
}

/// The bundled lessons, each a link that opens it at its first step. Their files are loaded the
/// first time the menu opens (they are not part of the first download).
#[component]
pub fn LessonsMenu() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let shown = RwSignal::new(false);
    let loaded: RwSignal<Option<Result<Vec<LoadedLesson>, String>>, LocalStorage> = RwSignal::new_local(None);
    let requested = StoredValue::new(false);
    Effect::new(move |_| {
        if shown.get() && !requested.get_value() {
            requested.set_value(true);
            spawn(async move {
                let mut all = Vec::new();
                for b in BUILTIN_LESSONS {
                    match load_lesson(b).await {
                        Ok(l) => all.push(l),
                        Err(e) => {
                            loaded.set(Some(Err(format!(
                                "The lessons could not be loaded ({e}). Check the connection and open the menu again."
                            ))));
                            requested.set_value(false);
                            return;
                        }
                    }
                }
                loaded.set(Some(Ok(all)));
            });
        }
    });
    let item = move |(b, link, fragment): LoadedLesson| {
        let href = fragment.clone();
        let open = move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            url::push_fragment(&fragment);
            state.error.set(None);
            share.open(link.clone());
            shown.set(false);
        };
        view! {
            <li>
                <a href=href data-testid=format!("lesson-{}", b.name) aria-describedby=described_by("lessons-menu") on:click=open>{b.title}</a>
                <span class="caption">{format!(" · {} steps", b.steps)}</span>
            </li>
        }
    };
    let items = move || match loaded.get() {
        None => view! { <p class="caption" data-testid="lessons-loading">"Loading the lessons…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error-text" data-testid="lessons-error">{e}</p> }.into_any(),
        Some(Ok(all)) => view! { <ul>{all.into_iter().map(item).collect_view()}</ul> }.into_any(),
    };
    view! {
        <details class="lessons-menu" data-testid="lessons-menu" prop:open=move || shown.get()
            on:toggle=move |ev| shown.set(event_target::<web_sys::HtmlElement>(&ev).has_attribute("open"))
            on:keydown=move |ev| if teach::key(&ev) == "Escape" && shown.get_untracked() {
                shown.set(false);
                ev.stop_propagation();
            }>
            <summary aria-describedby=described_by("lessons-menu")>"Lessons"</summary>
            <div class="menu-box">
                <p class="caption">"Guided lessons, step by step. Each is a link: copy it to share it."</p>
                {items}
            </div>
        </details>
        <HelpTip ids=vec!["lessons-menu"] about="the lessons" />
    }
}

/// Presentation mode on and off (Escape also leaves it; `?present` in the address opens it).
#[component]
pub fn PresentToggle() -> impl IntoView {
    let teach = expect_context::<TeachState>();
    view! {
        <button
            type="button"
            class="present-toggle"
            data-testid="present-toggle"
            aria-pressed=move || teach.present.get().to_string()
            aria-describedby=described_by("present-toggle")
            on:click=move |_| teach.present.update(|p| *p = !*p)
        >
            {move || if teach.present.get() { "Leave presentation (Esc)" } else { "Present" }}
        </button>
        <HelpTip ids=vec!["present-toggle"] about="presentation mode" />
    }
}
