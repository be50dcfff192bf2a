//! The page model in plain Rust: what the page shows and how it answers the user's intents,
//! with no UI dependency, so it is tested natively. The web layer (`crate::web`) only wires it to
//! signals and the DOM.
//!
//! - [`address`]: the page's address — the experiment's link, the lesson step and the stage —
//!   read and written in one place.
//! - [`model`]: the Model panel's wording ([`model::model_family`]).
//! - [`run`]: the run bar's metrics line ([`run::metrics_line`]).

pub mod address;
pub mod model;
pub mod run;
