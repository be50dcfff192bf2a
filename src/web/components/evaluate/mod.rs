//! The Evaluate stage: held-out metrics, the result charts and the decision tree.

pub mod evaluation_panel;
pub mod result_charts;
pub mod tree_chart;
