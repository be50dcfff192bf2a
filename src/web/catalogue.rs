//! What the page is made of, by `data-testid`: the controls a teacher may hide, lock or
//! highlight (grouped as the panels show them), the charts, the panels a lesson may point at,
//! and every other explained control. Plain data, no UI crate: the class-options picker, the
//! lesson builder, the explanations ([`super::help`]) and their native test
//! (`tests/help_catalogue.rs`) all read these lists.

/// A control or chart: its `data-testid` and its name on screen.
pub struct Control {
    /// The `data-testid` links and lessons store.
    pub id: &'static str,
    /// What the reader sees it as.
    pub name: &'static str,
}

const fn c(id: &'static str, name: &'static str) -> Control {
    Control { id, name }
}

/// Every control that can be hidden, locked or highlighted, grouped as the panels show them.
/// Some exist only for some data: table preparation for tables, noise and points for
/// generated data, the loss for regression.
pub const CONTROLS: &[(&str, &[Control])] = &[
    (
        "Run",
        &[
            c("train", "Play / pause (▶)"),
            c("step", "One epoch (+1)"),
            c("step-batch", "One batch (+b)"),
            c("stop", "Stop (■)"),
            c("reset", "Start again (↺)"),
        ],
    ),
    (
        "Data",
        &[
            c("dataset-select", "Dataset"),
            c("file-loader", "Own data (open, paste, web address)"),
            c("train-ratio", "Training share"),
            c("validation-share", "Validation share"),
            c("noise", "Noise"),
            c("points", "Number of points"),
            c("seed", "Seed"),
            c("regenerate", "Regenerate"),
        ],
    ),
    (
        "Table preparation",
        &[
            c("target-select", "Target"),
            c("task-select", "Task"),
            c("feature-picker", "Features used"),
            c("derived-features", "Derived features"),
            c("numeric-missing", "Missing numbers"),
            c("categorical-missing", "Missing categories"),
            c("scaling", "Scaling"),
        ],
    ),
    (
        "Model",
        &[
            c("model-kind", "Kind of model"),
            c("forest-trees", "Forest: trees"),
            c("boost-rounds", "Boosting: rounds"),
            c("boost-rate", "Boosting: learning rate"),
            c("boost-leaves", "Boosting: leaves per tree"),
            c("tree-depth", "Trees: maximum depth"),
            c("leaf-rows", "Trees: fewest rows per leaf"),
            c("boost-patience", "Boosting: early stopping"),
            c("tree-criterion", "Trees: split quality"),
            c("forest-features", "Forest: features per split"),
            c("forest-bootstrap", "Forest: bootstrap samples"),
            c("boost-l2", "Boosting: L2 penalty"),
            c("knn-k", "k-NN: neighbours"),
            c("knn-distance", "k-NN: distance"),
            c("knn-weighting", "k-NN: weighting"),
            c("bayes-smoothing", "Naive Bayes: variance smoothing"),
            c("add-layer", "Add a layer"),
            c("remove-layer", "Remove a layer"),
            c("layers", "Layer sizes"),
            c("activation", "Activation"),
            c("dropout", "Dropout"),
        ],
    ),
    (
        "Training",
        &[
            c("optimizer", "Optimizer"),
            c("learning-rate", "Learning rate"),
            c("schedule", "Learning-rate schedule"),
            c("l2", "L2 regularisation"),
            c("l1", "L1 regularisation"),
            c("loss", "Loss (regression)"),
            c("batch-size", "Batch size"),
            c("clip-norm", "Gradient clipping"),
            c("patience", "Early stopping patience"),
            c("epochs", "Epochs"),
        ],
    ),
    (
        "Page",
        &[c("share-panel", "Share panel"), c("compare", "Compare runs panel"), c("deploy", "Deploy & monitor panel")],
    ),
];

/// The page's other controls, each explained in place like those above but not offered to hide
/// or lock: they come and go with a panel, repeat per column or per run, or belong to the
/// teaching tools themselves. An id here is the explanation's key: the `data-testid` of one
/// control, or the name of a family of controls (`column-kind` for every column's kind menu)
/// whose members all name the same explanation in `aria-describedby`.
pub const EXPLAINED: &[(&str, &[Control])] = &[
    (
        "Header, stages and lessons",
        &[
            c("stages", "Stages (Data, Model & train, Evaluate, Compare, Deploy & monitor)"),
            c("stage-next", "Next stage"),
            c("lessons-menu", "Lessons menu"),
            c("present-toggle", "Presentation mode"),
            c("lesson-nav", "Lesson steps (Back, Next, Close)"),
        ],
    ),
    (
        "Own data",
        &[
            c("paste-data", "Paste CSV text"),
            c("url-data", "Open from a web address"),
            c("data-prompt", "A link's data file"),
        ],
    ),
    (
        "Table view",
        &[
            c("column-kind", "How each column is read"),
            c("column-list", "Column summaries"),
            c("data-grid", "Go to a row or a column"),
            c("distribution-column", "Column of the distribution chart"),
            c("scatter-x", "Scatter plot: horizontal axis"),
            c("scatter-y", "Scatter plot: vertical axis"),
        ],
    ),
    ("Defaults for a table", &[c("table-defaults", "Settings chosen for this table")]),
    (
        "Chart settings",
        &[
            c("plane-x", "Decision map: horizontal feature"),
            c("plane-y", "Decision map: vertical feature"),
            c("boundary-discrete", "Decision map: class view"),
            c("loss-log", "Loss curves: log scale"),
            c("tree-node", "Decision tree: a node (its rows)"),
            c("tree-zoom", "Decision tree: the part shown"),
            c("run-log", "Run log"),
        ],
    ),
    (
        "Share panel",
        &[
            c("share-link", "Share link and Copy"),
            c("share-fingerprint", "The run's fingerprint"),
            c("share-export", "Export or import the experiment"),
            c("class-options", "Options for a class"),
            c("control-picker", "Hide or lock controls"),
            c("lesson-builder", "Lesson builder"),
            c("lesson-step", "A lesson's step"),
            c("step-picker", "Highlight, hide or lock for a step"),
        ],
    ),
    (
        "Compare runs",
        &[
            c("queue-workers", "Background workers"),
            c("search", "Search"),
            c("class-weight", "Class weights"),
            c("queue-seeds", "Repeat over N seeds"),
            c("queue-folds", "Cross-validate"),
            c("compare-algorithms", "Compare algorithms"),
            c("grid-search", "Grid search"),
            c("queue-cancel", "Cancel the queue"),
            c("runs-table", "Recorded runs"),
            c("compare-curves", "Curves of the selected runs"),
            c("spec-diff", "Settings of the selected runs"),
        ],
    ),
    (
        "Deploy & monitor",
        &[
            c("export-model", "Export model"),
            c("import-model", "Import model"),
            c("predict-form", "Predict one row"),
            c("predict-batch", "Predict a CSV file"),
            c("drift-check", "Check new data for drift"),
            c("retrain", "Retrain"),
        ],
    ),
];

/// Every chart with a "What is this?" explanation, by the `data-testid` of its canvas (the
/// decision map's is its stack of canvases).
pub const CHARTS: &[Control] = &[
    c("boundary-chart", "Decision map"),
    c("loss-chart", "Loss curves"),
    c("metric-chart", "Accuracy or R² curves"),
    c("network-chart", "Network"),
    c("weights-chart", "Weight histograms"),
    c("tree-chart", "Decision tree"),
    c("confusion-chart", "Confusion matrix"),
    c("roc-chart", "ROC curves"),
    c("pr-chart", "Precision–recall curves"),
    c("predicted-chart", "Predicted against actual"),
    c("residuals-chart", "Residuals"),
    c("importance-chart", "Feature importance"),
    c("distribution-chart", "Column distribution"),
    c("correlation-chart", "Correlations"),
    c("scatter", "Scatter plot"),
    c("compare-chart", "Curves of compared runs"),
    c("drift-charts", "Drift: training against new rows"),
];

/// Read-outs and panels a lesson may point at (highlight only), each with an explanation.
pub const VIEWS: &[Control] = &[
    c("status", "Run status"),
    c("metrics", "Latest numbers"),
    c("evaluation", "Evaluation on held-out data"),
    c("preparation", "Data preparation"),
    c("data-view", "Data view"),
    c("explain-section", "Explain: partial dependence and the wrong rows"),
];

/// Every control id, in catalogue order.
pub fn control_ids() -> impl Iterator<Item = &'static str> {
    CONTROLS.iter().flat_map(|(_, list)| list.iter().map(|c| c.id))
}

/// True for a control of [`CONTROLS`].
pub fn is_control(id: &str) -> bool {
    control_ids().any(|c| c == id)
}

/// The name on screen of a control, chart, view or other explained control.
pub fn name_of(id: &str) -> Option<&'static str> {
    CONTROLS
        .iter()
        .flat_map(|(_, list)| list.iter())
        .chain(CHARTS)
        .chain(VIEWS)
        .chain(EXPLAINED.iter().flat_map(|(_, list)| list.iter()))
        .find(|c| c.id == id)
        .map(|c| c.name)
}
