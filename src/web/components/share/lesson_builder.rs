//! The lesson builder, in the Share panel: the teacher sets the page up for a step, writes its
//! text (and a question with its answer), picks the controls to highlight, hide or lock, and
//! adds it; steps can be reordered and deleted; "Make lesson link" puts the whole lesson in one
//! share link, which students open to step through it.

use crate::choice::Choice;
use crate::data::builtin::builtin;
use crate::spec::lesson::{limits, Lesson, LessonStep};
use crate::spec::{DataSource, ExperimentSpec};
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::share::control_picker::ControlPicker;
use crate::web::state::{AppState, ShareState};
use leptos::prelude::*;

/// A short description of a step's experiment: `xor, 1 hidden layer, 100 epochs`.
fn describe(spec: &ExperimentSpec) -> String {
    let data = match &spec.data.source {
        DataSource::Synthetic { generator, .. } => generator.label().to_string(),
        DataSource::Builtin { name } => builtin(name).map_or(name.clone(), |b| b.title.to_string()),
        DataSource::File { name } => name.clone(),
    };
    let layers = match spec.model.hidden.len() {
        0 => "no hidden layer".to_string(),
        1 => "1 hidden layer".to_string(),
        n => format!("{n} hidden layers"),
    };
    format!("{data}, {layers}, {} epochs", spec.training.epochs)
}

/// `Some(text)` unless it is blank.
fn given(text: String) -> Option<String> {
    Some(text).filter(|t| !t.trim().is_empty())
}

/// The steps made so far: what each loads, with buttons to move it or delete it.
fn step_list(steps: RwSignal<Vec<LessonStep>>) -> impl IntoView {
    let swap = move |a: usize, b: usize| steps.update(|v| v.swap(a, b));
    view! {
        <ol class="lesson-steps" data-testid="lesson-steps">
            {move || {
                let n = steps.with(Vec::len);
                steps
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let name = if s.title.is_empty() { crate::text::ellipsis(&s.text, 41) } else { s.title.clone() };
                        let loads = s.experiment.as_ref().map_or("keeps the experiment on screen".to_string(), describe);
                        view! {
                            <li>
                                <span class="lesson-step-name">{name}</span>
                                <span class="caption">{format!(" — {loads}")}</span>
                                <span class="lesson-step-tools">
                                    <button type="button" aria-label=format!("Move step {} up", k + 1) aria-describedby=described_by("lesson-step")
                                        disabled=k == 0 on:click=move |_| swap(k - 1, k)>"↑"</button>
                                    <button type="button" aria-label=format!("Move step {} down", k + 1) aria-describedby=described_by("lesson-step")
                                        disabled=k + 1 == n on:click=move |_| swap(k, k + 1)>"↓"</button>
                                    <button type="button" aria-label=format!("Delete step {}", k + 1) data-testid=format!("lesson-delete-{}", k + 1)
                                        aria-describedby=described_by("lesson-step")
                                        on:click=move |_| steps.update(|v| { v.remove(k); })>"×"</button>
                                </span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

/// The "Lesson" section of the Share panel.
#[component]
pub fn LessonBuilder() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let title = RwSignal::new(String::new());
    let steps: RwSignal<Vec<LessonStep>> = RwSignal::new(Vec::new());
    let (step_title, text, question, answer) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let keep_experiment = RwSignal::new(true);
    let autostart = RwSignal::new(false);
    let (highlight, hide, lock) = (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let add = move |_| {
        let step = LessonStep {
            title: step_title.get_untracked().trim().to_string(),
            text: text.get_untracked(),
            experiment: keep_experiment.get_untracked().then(|| state.spec.get_untracked()),
            highlight: highlight.get_untracked(),
            hidden: hide.get_untracked(),
            locked: lock.get_untracked(),
            question: given(question.get_untracked()),
            answer: given(answer.get_untracked()),
            autostart: autostart.get_untracked(),
            stage: Some(share.stage.get_untracked()),
        };
        let k = steps.with_untracked(Vec::len);
        if k >= limits::MAX_STEPS {
            state
                .error
                .set(Some(format!("A lesson has at most {} steps: make this one a second lesson.", limits::MAX_STEPS)));
            return;
        }
        if let Err(e) = step.validate(&format!("step {}", k + 1)) {
            state.error.set(Some(format!("The step was not added: {e}")));
            return;
        }
        state.error.set(None);
        steps.update(|v| v.push(step));
        for s in [step_title, text, question, answer] {
            s.set(String::new());
        }
        for s in [highlight, hide, lock] {
            s.set(Vec::new());
        }
        autostart.set(false);
    };
    let lesson = move || Lesson { title: title.get_untracked().trim().to_string(), steps: steps.get_untracked() };
    let make = move |_| match share.lesson_link(lesson()).and_then(|l| share.make_link(l)) {
        Ok(_) => state.error.set(None),
        Err(e) => state.error.set(Some(format!("The lesson link could not be made: {e}"))),
    };
    let try_it = move |_| match share.lesson_link(lesson()) {
        Ok(link) => {
            share.open(link);
        }
        Err(e) => state.error.set(Some(format!("The lesson cannot be opened: {e}"))),
    };
    let text_field = |label: &'static str, testid: &'static str, value: RwSignal<String>, rows: u32, max: usize| {
        view! {
            <label class="field"><span class="field-label">{label}</span>
                <textarea rows=rows data-testid=testid aria-describedby=described_by("lesson-step") maxlength=max.to_string() prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </label>
        }
    };
    view! {
        <details class="lesson-builder" data-testid="lesson-builder">
            <summary aria-describedby=described_by("lesson-builder")>"Lesson (guided steps)"</summary>
            <p class="caption">
                "Set the page up for a step, describe what to look at, pick what to highlight, hide or lock, and add it. "
                "Repeat for each step, then make the link: students open it and go through the steps with Back and Next."
            </p>
            <label class="field">
                <span class="field-row">
                    <span class="field-label" id="label-lesson-title">"Lesson title"</span>
                    <HelpTip ids=vec!["lesson-builder"] about="building a lesson" />
                </span>
                <input type="text" data-testid="lesson-title-input" aria-labelledby="label-lesson-title" aria-describedby=described_by("lesson-builder") maxlength=limits::MAX_TITLE_CHARS.to_string()
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            </label>
            <fieldset class="lesson-new-step">
                <legend>
                    {move || format!("Step {}", steps.with(Vec::len) + 1)}
                    " "<HelpTip ids=vec!["lesson-step"] about="a lesson's step" />
                </legend>
                <label class="field"><span class="field-label">"Step title (optional)"</span>
                    <input type="text" data-testid="step-title-input" aria-describedby=described_by("lesson-step") maxlength=limits::MAX_TITLE_CHARS.to_string()
                        prop:value=move || step_title.get() on:input=move |ev| step_title.set(event_target_value(&ev)) />
                </label>
                {text_field("What to look at or do", "step-text-input", text, 4, limits::MAX_TEXT_CHARS)}
                {text_field("Question (optional)", "step-question-input", question, 2, limits::MAX_QUESTION_CHARS)}
                {text_field("Answer or hint (optional, shown on request)", "step-answer-input", answer, 2, limits::MAX_QUESTION_CHARS)}
                <label class="check">
                    <input type="checkbox" data-testid="step-keep-experiment" aria-describedby=described_by("lesson-step") prop:checked=move || keep_experiment.get()
                        on:change=move |ev| keep_experiment.set(event_target_checked(&ev)) />
                    " load the experiment on screen now at this step (else the step keeps whatever is on screen)"
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="step-autostart" aria-describedby=described_by("lesson-step") prop:checked=move || autostart.get()
                        on:change=move |ev| autostart.set(event_target_checked(&ev)) />
                    " start training when the step opens"
                </label>
                <ControlPicker hide=hide lock=lock highlight=highlight testid="step-picker" prefix="step-" />
                <button type="button" data-testid="lesson-add-step" aria-describedby=described_by("lesson-step") on:click=add>"Add this state as a step"</button>
            </fieldset>
            {step_list(steps)}
            <div class="share-files">
                <button type="button" data-testid="lesson-make" aria-describedby=described_by("lesson-builder") prop:disabled=move || steps.with(Vec::is_empty) on:click=make>"Make lesson link"</button>
                <button type="button" data-testid="lesson-try" aria-describedby=described_by("lesson-builder") prop:disabled=move || steps.with(Vec::is_empty) on:click=try_it>"Open it here"</button>
            </div>
        </details>
    }
}
