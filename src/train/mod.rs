//! Training: the one loop ([`Trainer`]), losses, update rules, metrics, the decision grid,
//! and the [`Session`] state machine that a web worker (or a test) drives with commands.

pub mod bench;
pub mod class_weights;
pub mod cross_validation;
pub mod evaluation;
pub mod explain;
pub mod fingerprint;
pub mod grid;
pub mod importance;
pub mod inputs;
pub mod loss;
pub mod metrics;
pub mod optim;
pub mod replay;
pub mod session;
pub mod trainer;
pub mod tree_view;
pub mod views;

pub use class_weights::class_weights;
pub use explain::{Case, CaseKind, Cases, FeatureDependence};
pub use fingerprint::{Fingerprint, Reproduction};
pub use grid::DecisionGrid;
pub use importance::{Importance, ImportanceScore};
pub use inputs::{load_data, RunData};
pub use metrics::EpochMetrics;
pub use replay::Replay;
pub use session::{BatchProgress, Command, Event, Exporter, FileDigest, Payload, PayloadKind, Session, REPORT_MS};
pub use trainer::{run, run_with, BatchOutcome, Evaluation, LiveChange, Trainer, EXPLODED_LOSS};
pub use tree_view::{Encoded, NodeRows, TreeNodeView, TreeSource, TreeView};
pub use views::{Plane, PlaneView};
