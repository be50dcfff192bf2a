//! The page layout. No logic: it creates the state, provides it, and places the panels.

use super::components::boundary_chart::BoundaryChart;
use super::components::charts::LossChart;
use super::components::controls::{MetricsLine, RunControls};
use super::components::data_panel::DataPanel;
use super::components::data_view::DataView;
use super::components::error_banner::ErrorBanner;
use super::components::evaluation_panel::EvaluationPanel;
use super::components::model_panel::ModelPanel;
use super::components::preparation::PreparationNotes;
use super::components::run_log::RunLog;
use super::components::scatter_view::ScatterView;
use super::components::training_panel::TrainingPanel;
use super::state::AppState;
use crate::spec::ExperimentSpec;
use leptos::prelude::*;

/// The whole app, opening on the built-in default experiment.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(ExperimentSpec::default());
    provide_context(state);
    view! {
        <header class="top">
            <h1>"Lantern"</h1>
            <p class="tagline">"Watch a neural network learn, in your browser."</p>
        </header>
        <ErrorBanner />
        <main class="layout">
            <div class="column settings">
                <DataPanel />
                <ModelPanel />
                <TrainingPanel />
            </div>
            <div class="column output">
                <RunControls />
                <div class="charts">
                    <Show when=move || state.points.with(Option::is_some)>
                        <figure>
                            <BoundaryChart />
                            <figcaption>
                                "Model output over the plane (blue: class 1, orange: class 0). "
                                "White-ringed dots: training points; dark-ringed dots: test points."
                            </figcaption>
                        </figure>
                    </Show>
                    <figure>
                        <LossChart />
                        <figcaption>"Loss per epoch on the training and test sets."</figcaption>
                    </figure>
                </div>
                <MetricsLine />
                <EvaluationPanel />
                <PreparationNotes />
                <DataView />
                <ScatterView />
                <RunLog />
            </div>
        </main>
    }
}
