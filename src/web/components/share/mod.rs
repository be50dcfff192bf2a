//! Share links, class options and the lesson builder (reached from every stage).

pub mod control_picker;
pub mod lesson_builder;
pub mod share_panel;
