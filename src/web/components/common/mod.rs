//! Building blocks every stage uses: the chart canvas, form widgets, help tips, and parts
//! loaded on first use.

pub mod chart;
pub mod deferred;
pub mod help_tip;
pub mod lazy;
pub mod widgets;
