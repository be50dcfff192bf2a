//! The page layout. No logic: it creates the state, provides it, and places the stages.
//!
//! Header (lessons, share, presentation) → stage tabs → the run bar → banners → the five
//! stages, of which one is shown (see `components::shell::stages`).

use super::components::compare::ComparePanel;
use super::components::data::data_charts::DataCharts;
use super::components::data::data_panel::DataPanel;
use super::components::data::data_view::DataView;
use super::components::data::preparation::PreparationNotes;
use super::components::data::scatter_view::ScatterView;
use super::components::deploy::DeployPanel;
use super::components::evaluate::evaluation_panel::{EvaluateEmpty, EvaluationPanel};
use super::components::evaluate::result_charts::ResultCharts;
use super::components::share::share_panel::SharePanel;
use super::components::shell::controls::MetricsLine;
use super::components::shell::data_prompt::DataPrompt;
use super::components::shell::error_banner::ErrorBanner;
use super::components::shell::header_tools::{LessonsMenu, PresentToggle};
use super::components::shell::lesson_player::LessonPlayer;
use super::components::shell::link_banner::LinkBanner;
use super::components::shell::reading_bar::ReadingBar;
use super::components::shell::run_bar::RunBar;
use super::components::shell::stages::{StageFoot, StageNav, StagePanel};
use super::components::shell::teaching_rules::TeachingRules;
use super::components::train::boundary_chart::BoundaryChart;
use super::components::train::charts::{LossChart, MetricChart};
use super::components::train::model_panel::ModelPanel;
use super::components::train::network_chart::{NetworkChart, WeightHistogramChart};
use super::components::train::run_log::RunLog;
use super::components::train::training_panel::TrainingPanel;
use super::components::train::tree_chart::TreeChart;
use super::state::{AppState, DeployState, QueueState, RecordsState, ShareState, TeachState};
use crate::spec::stage::Stage;
use crate::spec::ExperimentSpec;
use leptos::prelude::*;

/// The whole app, opening on the built-in default experiment.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(ExperimentSpec::default());
    provide_context(state);
    // Opens the link in the address (or the saved experiment) over the default one.
    let share = ShareState::start(state);
    provide_context(share);
    let records = RecordsState::start(state, share.notice);
    provide_context(records);
    let queue = QueueState::new(state, records);
    provide_context(queue);
    provide_context(DeployState::new(state, records, queue));
    // Lessons (which arrive with links) and presentation mode.
    provide_context(TeachState::start(state, share));
    // The network diagram and the weights chart are a network's; hidden for a tree or forest.
    let network_only = move || if state.spec.with(|s| s.model.learner.is_some()) { "none" } else { "" };
    // A decision tree's diagram takes the network's place once the tree is fitted.
    let tree_only = move || if state.tree.with(Option::is_some) { "" } else { "none" };
    view! {
        <header class="top">
            <h1>"Lantern"</h1>
            <p class="tagline">"Watch a neural network learn, in your browser."</p>
            <nav class="header-tools" aria-label="Share and teach">
                <SharePanel />
                <LessonsMenu />
                <PresentToggle />
            </nav>
        </header>
        <div class="workbench-head">
            <StageNav />
            <RunBar />
        </div>
        <ReadingBar />
        <ErrorBanner />
        <LinkBanner />
        <TeachingRules />
        <LessonPlayer />
        <DataPrompt />
        <main class="stages">
            <StagePanel stage=Stage::Data>
                <div class="layout">
                    <div class="column settings">
                        <DataPanel />
                    </div>
                    <div class="column output">
                        <PreparationNotes />
                        <DataView />
                        <div class="stage-grid">
                            <DataCharts />
                            <ScatterView />
                        </div>
                    </div>
                </div>
            </StagePanel>
            <StagePanel stage=Stage::Train>
                <div class="layout">
                    <div class="column settings">
                        <ModelPanel />
                        <TrainingPanel />
                    </div>
                    <div class="column output">
                        <div class="charts">
                            <Show when=move || state.points.with(Option::is_some) || state.plane.with(Option::is_some)>
                                <figure>
                                    <BoundaryChart />
                                    <figcaption>
                                        "Model output over the plane of two features (two classes: blue class 1, orange class 0; "
                                        "more classes: each its colour, paler where the model is unsure). "
                                        "White-ringed dots: training points; dark-ringed dots: test points."
                                    </figcaption>
                                </figure>
                            </Show>
                            <figure>
                                <LossChart />
                                <figcaption>"Loss per epoch: training (solid), validation (dotted) and test (dashed); the line marks the current or kept epoch."</figcaption>
                            </figure>
                            <figure>
                                <MetricChart />
                                <figcaption>"Accuracy (classification) or R² (regression) per epoch on the same sets."</figcaption>
                            </figure>
                            <figure class="wide" style:display=network_only>
                                <NetworkChart />
                                <figcaption>"The network: blue connections are positive weights, orange negative, thicker is larger. Each neuron shows what it computes over the plane. Point at a connection to read its weight."</figcaption>
                            </figure>
                            <figure class="wide" style:display=tree_only>
                                <TreeChart />
                                <figcaption>"The decision tree: each box is a node with its test (yes goes left), its training rows, its impurity and its class mix (or mean). Press a node to list its rows; a node with more below shows the tree from it."</figcaption>
                            </figure>
                            <figure style:display=network_only>
                                <WeightHistogramChart />
                                <figcaption>"How each layer's weights spread out over the epochs (darker: more weights in that range)."</figcaption>
                            </figure>
                        </div>
                        <MetricsLine />
                        <RunLog />
                    </div>
                </div>
            </StagePanel>
            <StagePanel stage=Stage::Evaluate>
                <EvaluateEmpty />
                <EvaluationPanel />
                <ResultCharts />
            </StagePanel>
            <StagePanel stage=Stage::Compare>
                <ComparePanel />
            </StagePanel>
            <StagePanel stage=Stage::Deploy>
                <DeployPanel />
            </StagePanel>
            <StageFoot />
        </main>
    }
}
