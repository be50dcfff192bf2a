//! The frame around the stages: header tools, the stage navigation, the run bar, banners and
//! the lesson player.

pub mod controls;
pub mod data_prompt;
pub mod error_banner;
pub mod header_tools;
pub mod lesson_player;
pub mod link_banner;
pub mod reading_bar;
pub mod run_bar;
pub mod stages;
pub mod teaching_rules;
