//! The page model in plain Rust: what the page shows and how it answers the user's intents,
//! with no UI dependency, so it is tested natively. The web layer (`crate::web`) only wires it to
//! signals and the DOM.
//!
//! - [`address`]: the page's address — the experiment's link, the lesson step and the stage —
//!   read and written in one place.
//! - [`run`]: the current run's state machine: the worker's events and the user's ▶ +1 +b ■ ↺
//!   in, commands and what to show out.
//! - [`metrics`]: the run bar's metrics line ([`metrics::metrics_line`]).
//! - [`model`]: the Model panel's wording ([`model::model_family`]).

pub mod address;
pub mod metrics;
pub mod model;
pub mod run;
