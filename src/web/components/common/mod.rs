//! Building blocks every stage uses: the chart canvas, form widgets and help tips.

pub mod chart;
pub mod help_tip;
pub mod widgets;
