//! The Evaluate stage: held-out metrics, the result charts and the Explain section.

pub mod evaluation_panel;
mod explain;
pub mod result_charts;
mod threshold;
