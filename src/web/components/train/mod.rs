//! The Model & train stage: model and training settings, the decision map, curves, the network (or
//! the decision tree) and the run log.

pub mod boundary_chart;
pub mod charts;
pub mod learner_choices;
pub mod learner_settings;
pub mod model_panel;
pub mod network_chart;
pub mod run_log;
pub mod training_panel;
pub mod tree_chart;
