//! One component per file. Components read [`AppState`](super::state::AppState) from context
//! and call its methods; drawing goes through [`crate::viz`].

pub mod boundary_chart;
pub mod chart;
pub mod charts;
pub mod compare;
pub mod control_picker;
pub mod controls;
pub mod data_charts;
pub mod data_panel;
pub mod data_prompt;
pub mod data_view;
pub mod data_view_columns;
pub mod data_view_grid;
pub mod deploy;
pub mod derived_features;
pub mod error_banner;
pub mod evaluation_panel;
pub mod feature_picker;
pub mod file_loader;
pub mod header_tools;
pub mod help_tip;
pub mod lesson_builder;
pub mod lesson_player;
pub mod link_banner;
pub mod model_panel;
pub mod network_chart;
pub mod preparation;
pub mod result_charts;
pub mod run_log;
pub mod scatter_view;
pub mod share_panel;
pub mod teaching_rules;
pub mod training_panel;
pub mod widgets;
