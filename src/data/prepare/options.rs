//! The user's preparation choices: imputation, scaling and derived features.

use serde::{Deserialize, Serialize};

/// How missing numbers are filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericImpute {
    /// The training mean.
    #[default]
    Mean,
    /// The training median.
    Median,
    /// Rows with a missing feature are dropped before splitting (new rows are filled with the mean).
    DropRows,
}

crate::choices!(NumericImpute, "data.prepare.numeric_missing", {
    Mean => "mean", "fill with the mean";
    Median => "median", "fill with the median";
    DropRows => "drop_rows", "drop those rows";
});

/// How missing categories are filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoricalImpute {
    /// The most frequent training category.
    #[default]
    MostFrequent,
    /// Rows with a missing feature are dropped (new rows are filled with the most frequent).
    DropRows,
}

crate::choices!(CategoricalImpute, "data.prepare.categorical_missing", {
    MostFrequent => "most_frequent", "fill with the most frequent";
    DropRows => "drop_rows", "drop those rows";
});

/// Scaling of numeric features, fitted on the training rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scaling {
    /// `(x − mean) / sd` with the population sd (as scikit-learn's StandardScaler).
    #[default]
    Standardize,
    /// `(x − min) / (max − min)`, so training values fall in [0, 1].
    MinMax,
    /// Raw values.
    None,
}

crate::choices!(Scaling, "data.prepare.scaling", {
    Standardize => "standardize", "standardise (mean 0, sd 1)";
    MinMax => "min_max", "min–max to [0, 1]";
    None => "none", "none";
});

/// A feature computed from numeric columns, as in TensorFlow Playground.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Derived {
    /// `x²`
    Square {
        /// Column.
        column: String,
    },
    /// `a · b`
    Product {
        /// First column.
        a: String,
        /// Second column.
        b: String,
    },
    /// `sin x`
    Sin {
        /// Column.
        column: String,
    },
}

/// What a derived-feature menu picks: the operation, whose columns are picked apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerivedOp {
    /// `x²`
    Square,
    /// `a · b`
    Product,
    /// `sin x`
    Sin,
}

crate::choices!(DerivedOp, "data.prepare.derived", {
    Square => "square", "x²";
    Product => "product", "x · y";
    Sin => "sin", "sin x";
});

impl DerivedOp {
    /// Whether it takes a second column.
    pub fn binary(self) -> bool {
        self == DerivedOp::Product
    }

    /// The derived feature of column `a` (and `b`, for a product; ignored otherwise).
    pub fn of(self, a: String, b: String) -> Derived {
        match self {
            DerivedOp::Square => Derived::Square { column: a },
            DerivedOp::Product => Derived::Product { a, b },
            DerivedOp::Sin => Derived::Sin { column: a },
        }
    }
}

impl Derived {
    /// Its operation.
    pub fn op(&self) -> DerivedOp {
        match self {
            Derived::Square { .. } => DerivedOp::Square,
            Derived::Product { .. } => DerivedOp::Product,
            Derived::Sin { .. } => DerivedOp::Sin,
        }
    }

    pub(crate) fn name(&self) -> String {
        match self {
            Derived::Square { column } => format!("{column}²"),
            Derived::Product { a, b } => format!("{a}·{b}"),
            Derived::Sin { column } => format!("sin({column})"),
        }
    }

    pub(crate) fn inputs(&self) -> Vec<&str> {
        match self {
            Derived::Square { column } | Derived::Sin { column } => vec![column],
            Derived::Product { a, b } => vec![a, b],
        }
    }

    pub(crate) fn apply(&self, v: &[f64]) -> f64 {
        match self {
            Derived::Square { .. } => v[0] * v[0],
            Derived::Product { .. } => v[0] * v[1],
            Derived::Sin { .. } => libm::sin(v[0]),
        }
    }
}
