//! Components, grouped in folders by the stage that shows them (`shell` frames every stage,
//! `common` holds what all use). Components read [`AppState`](super::state::AppState) from context
//! and call its methods; drawing goes through [`crate::viz`].

pub mod common;
pub mod compare;
pub mod data;
pub mod deploy;
pub mod evaluate;
pub mod share;
pub mod shell;
pub mod train;
