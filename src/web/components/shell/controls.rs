//! Play/pause, step and reset, with the epoch counter and latest metrics.

use crate::page::metrics::metrics_line;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::{AppState, RunStatus};
use leptos::prelude::*;

/// The run's transport controls and status line.
#[component]
pub fn RunControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let playing = move || state.status.get() == RunStatus::Playing;
    view! {
        <div class="controls">
            <button
                class="round"
                data-testid="reset"
                aria-describedby=described_by("reset")
                aria-label="Reset"
                title="Start again from epoch 0 with the same seed (so the same numbers)"
                on:click=move |_| state.reset()
            >
                "↺"
            </button>
            <button
                class="round play"
                data-testid="train"
                aria-describedby=described_by("train")
                aria-label=move || if playing() { "Pause" } else { "Train" }
                aria-pressed=move || playing().to_string()
                title="Train continuously / pause (after an error: start the run again)"
                on:click=move |_| state.toggle_play()
            >
                {move || if playing() { "❚❚" } else { "▶" }}
            </button>
            <button
                class="round"
                data-testid="step"
                aria-describedby=described_by("step")
                aria-label="+1: train one epoch"
                title="Train one epoch (one pass over the training set), then stop"
                disabled=move || !matches!(state.status.get(), RunStatus::Paused | RunStatus::Playing)
                on:click=move |_| state.step()
            >
                "+1"
            </button>
            <button
                class="round small"
                data-testid="step-batch"
                aria-describedby=described_by("step-batch")
                aria-label="+b: train one batch"
                title="Take one gradient step on the next mini-batch, then stop"
                disabled=move || !matches!(state.status.get(), RunStatus::Paused | RunStatus::Playing)
                on:click=move |_| state.step_batch()
            >
                "+b"
            </button>
            <button
                class="round small"
                data-testid="stop"
                aria-describedby=described_by("stop")
                aria-label="Stop and keep the best model"
                title="End the run now and evaluate it, keeping the weights of the best validation epoch (or the current ones without a validation set)"
                disabled=move || !(state.has_started() && matches!(state.status.get(), RunStatus::Paused | RunStatus::Playing))
                on:click=move |_| state.stop()
            >
                "■"
            </button>
            <div class="epoch-box">
                <span class="caption">"Epoch"</span>
                <span class="epoch" data-testid="epoch" aria-live="off">{move || state.epoch()}</span>
                <span class="caption">
                    {move || format!("of {}", state.spec.with(|s| s.planned_epochs()))}
                </span>
                <span class="caption batch" data-testid="batch" aria-live="off">
                    {move || state.batch.get().map(|b| format!("batch {}/{} of epoch {} · loss {:.4}", b.batch, b.batches, b.epoch, b.loss)).unwrap_or_default()}
                </span>
            </div>
            <div class="status" data-testid="status" aria-live="polite">
                {move || match state.status.get() {
                    RunStatus::Loading => "setting up…".to_string(),
                    RunStatus::Paused => "paused".to_string(),
                    RunStatus::Playing => "training".to_string(),
                    RunStatus::Done => match (state.stopped_by_user.get(), state.stopped_at.get()) {
                        (true, Some(best)) => format!("stopped: keeping epoch {best} (best validation loss)"),
                        (true, None) => format!("stopped after epoch {}: final weights kept (no validation set to pick a better epoch)", state.epoch()),
                        (false, Some(best)) => format!("done: stopped early, keeping epoch {best} (best validation loss)"),
                        (false, None) => "done".to_string(),
                    },
                    RunStatus::Failed => "stopped by an error".to_string(),
                }}
                // A network's size; a tree or forest has no parameters to count.
                {move || if state.spec.with(|s| s.model.learner.is_some()) {
                    String::new()
                } else {
                    format!(" · {} parameters", state.parameters.get())
                }}
            </div>
            <HelpTip ids=vec!["train", "step", "step-batch", "stop", "reset", "status", "metrics"] about="the run buttons and numbers" />
        </div>
    }
}

/// Latest metrics as `name: value` pairs.
#[component]
pub fn MetricsLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p class="metrics" data-testid="metrics" aria-live="off">
            {move || {
                let kept = state.stopped_at.get();
                state.history.with(|h| metrics_line(h, kept))
            }}
        </p>
    }
}
