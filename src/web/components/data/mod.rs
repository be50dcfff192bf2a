//! The Data stage: opening and preparing a table, the data view, column charts and the scatter plot.

pub mod data_charts;
pub mod data_panel;
pub mod data_view;
pub mod data_view_columns;
pub mod data_view_grid;
pub mod derived_features;
pub mod feature_picker;
pub mod file_loader;
pub mod preparation;
pub mod scatter_view;
