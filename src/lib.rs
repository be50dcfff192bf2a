//! # Lantern core
//!
//! A machine-learning playground whose core is plain Rust: it builds and tests natively with no
//! UI crate, and the same code runs in the browser (compiled to WebAssembly) and in the native
//! command line.
//!
//! Layers, lowest first (a module may import only the ones above it in this list):
//! - [`error`], [`rng`], [`order`], [`text`], [`choice`]: the typed error, the one seeded random
//!   generator, stable orderings, text shortened for display, and the one table (values, names,
//!   labels) of every enum shown in a menu.
//! - [`data`]: datasets, synthetic generators, seeded train/test split.
//! - [`spec`]: the experiment specification (everything that determines a run).
//! - [`model`]: networks built with candle from a spec, with seeded initialisation.
//! - [`train`]: the one training loop, metrics, decision grid, and the [`train::Session`]
//!   state machine that the web worker and tests drive.
//! - [`compare`]: records of finished runs, spec differences, mean ± standard deviation over
//!   runs, and plans of runs to compare (seeds, grids, algorithms); uses `spec` and `train`.
//! - [`viz`]: drawing functions generic over any plotters backend.
//! - [`deploy`]: exported models (card + safetensors weights, folder or zip), predictions on
//!   new rows, drift against the training data, retraining plans.
//! - [`page`]: the page model in plain Rust (the page's address; what the page shows), tested
//!   natively; uses everything above.
//! - `web` (feature `web`): the Leptos page and the worker glue.

pub mod choice;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compare;
pub mod data;
pub mod deploy;
pub mod error;
pub mod learn;
pub mod model;
pub mod order;
pub mod page;
pub mod rng;
pub mod spec;
pub mod text;
pub mod train;
pub mod validate;
pub mod viz;

pub use error::{Error, Result};

#[cfg(feature = "web")]
pub mod web;
