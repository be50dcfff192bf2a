//! The open lesson, as a card under the header: "Step k of n", the step's text, its question
//! with a "Show answer" disclosure, and Back / Next. Each step loads its experiment
//! ([`TeachState`]), outlines its highlighted controls and scrolls the first into view, hides
//! and locks what it asks. Texts are shown as text, never as HTML.
//!
//! The step's hidden, locked and highlighted controls are applied by
//! [`crate::web::components::shell::teaching_rules::TeachingRules`], together with the opened link's class options.

use crate::choice::Choice;
use crate::spec::stage::Stage;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::teach;
use crate::web::state::{ShareState, TeachState};
use leptos::prelude::*;

/// Back / Next: never `disabled` (the focus would drop to the page), `aria-disabled` at the
/// ends instead.
fn nav_button(
    testid: &'static str,
    text: &'static str,
    blocked: Signal<bool>,
    go: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            data-testid=testid
            aria-disabled=move || blocked.get().to_string()
            aria-describedby=described_by("lesson-nav")
            on:click=move |_| if !blocked.get_untracked() { go() }
        >{text}</button>
    }
}

/// The lesson card, when a lesson is open.
#[component]
pub fn LessonPlayer() -> impl IntoView {
    let share = expect_context::<ShareState>();
    let teach = expect_context::<TeachState>();
    let step = Memo::new(move |_| teach.current());
    // The first highlighted control comes into view once the step's experiment has drawn.
    Effect::new(move |_| {
        teach.step.track();
        let Some((first, stage)) =
            step.with_untracked(|s| s.as_ref().and_then(|s| Some((s.highlight.first().cloned()?, s.stage))))
        else {
            return;
        };
        set_timeout(
            move || {
                // A step without a stage of its own opens the one holding what it points at.
                if stage.is_none() {
                    if let Some(holder) = teach::stage_of(&first).and_then(|n| Stage::parse(&n).ok()) {
                        share.stage.set(holder);
                    }
                }
                // After the stage is laid out.
                request_animation_frame(move || teach::scroll_to(&first));
            },
            std::time::Duration::from_millis(250),
        );
    });
    // The answer is folded again at every step (the disclosure element itself is reused).
    let answer_open = RwSignal::new(false);
    Effect::new(move |_| {
        teach.step.track();
        share.lesson.track();
        answer_open.set(false);
    });
    let k = Signal::derive(move || teach.step.get());
    let n = Signal::derive(move || teach.steps());
    let at_start = Signal::derive(move || k.get() == 0);
    let at_end = Signal::derive(move || k.get() + 1 >= n.get());
    let title = move || share.lesson.with(|l| l.as_ref().map(|l| format!("Lesson: {}", l.title)).unwrap_or_default());
    let field =
        move |f: fn(&crate::spec::lesson::LessonStep) -> String| step.with(|s| s.as_ref().map(f).unwrap_or_default());
    let heading = move || {
        let t = field(|s| s.title.clone());
        if t.is_empty() {
            format!("Step {}", k.get() + 1)
        } else {
            t
        }
    };
    let question = move || {
        let (q, a) = step.with(|s| s.as_ref().map(|s| (s.question.clone(), s.answer.clone())).unwrap_or_default());
        q.map(|q| {
            let answer = a.map(|a| {
                view! {
                    <details class="lesson-answer" data-testid="lesson-answer" prop:open=move || answer_open.get()
                        on:toggle=move |ev| answer_open.set(event_target::<web_sys::HtmlElement>(&ev).has_attribute("open"))>
                        <summary>"Show answer"</summary>
                        <p>{a}</p>
                    </details>
                }
            });
            view! {
                <div class="lesson-question" data-testid="lesson-question">
                    <p><strong>"Question: "</strong>{q}</p>
                    {answer}
                </div>
            }
        })
    };
    view! {
        <Show when=move || step.with(Option::is_some)>
            <section class="lesson" data-testid="lesson" aria-labelledby="lesson-heading">
                <p class="lesson-kicker">
                    <span>{title}</span>
                    <span data-testid="lesson-progress">{move || format!("Step {} of {}", k.get() + 1, n.get())}</span>
                </p>
                <div aria-live="polite">
                    <h2 id="lesson-heading" data-testid="lesson-step-title">{heading}</h2>
                    <p class="lesson-text" data-testid="lesson-text">{move || field(|s| s.text.clone())}</p>
                </div>
                {question}
                <nav class="lesson-nav" aria-label="Lesson steps">
                    {nav_button("lesson-back", "← Back", at_start, move || teach.go(teach.step.get_untracked().saturating_sub(1)))}
                    {nav_button("lesson-next", "Next →", at_end, move || teach.go(teach.step.get_untracked() + 1))}
                    <button type="button" class="link" data-testid="lesson-close" aria-describedby=described_by("lesson-nav")
                        on:click=move |_| teach.close()>"Close the lesson"</button>
                    <HelpTip ids=vec!["lesson-nav"] about="the lesson's steps" />
                </nav>
            </section>
        </Show>
    }
}
