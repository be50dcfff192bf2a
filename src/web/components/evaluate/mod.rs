//! The Evaluate stage: held-out metrics and the result charts.

pub mod evaluation_panel;
pub mod result_charts;
mod threshold;
