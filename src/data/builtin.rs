//! Built-in real datasets, bundled into the binary so the page works offline.
//!
//! Each entry holds a plain CSV file from `www/datasets/` (comma-delimited, header row, UTF-8,
//! LF line endings, `NA` for missing cells), compiled in with `include_str!`. Load one with the
//! same CSV reader as an uploaded file. Where each file comes from, its licence, what every
//! column means and how it was converted is written down in `www/datasets/README.md`.

/// One bundled dataset: the CSV text plus what the UI shows about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinDataset {
    /// Short identifier, used in specs and URLs (`"iris"`).
    pub name: &'static str,
    /// Human-readable title.
    pub title: &'static str,
    /// One sentence for the UI.
    pub description: &'static str,
    /// Column predicted by default.
    pub target: &'static str,
    /// Default task for [`Self::target`]: `"classification"` or `"regression"`.
    pub task: &'static str,
    /// Where the data comes from (paper, and the package the file was taken from).
    pub source: &'static str,
    /// Licence of the data.
    pub licence: &'static str,
    /// The whole CSV file.
    pub csv: &'static str,
}

/// Every built-in dataset, in the order the UI lists them.
pub const BUILTIN: [BuiltinDataset; 3] = [
    BuiltinDataset {
        name: "iris",
        title: "Iris flowers",
        description: "Sepal and petal sizes (cm) of 150 iris flowers from three species, \
                      50 of each: the classic small classification table.",
        target: "species",
        task: "classification",
        source: "R. A. Fisher (1936), \"The use of multiple measurements in taxonomic problems\", \
                 Annals of Eugenics 7(2); file taken from scikit-learn 1.9.1 (PyPI).",
        licence: "Public domain (UCI Machine Learning Repository copy: CC BY 4.0).",
        csv: include_str!("../../www/datasets/iris.csv"),
    },
    BuiltinDataset {
        name: "penguins",
        title: "Palmer penguins",
        description: "Bill, flipper and body measurements of 344 penguins of three species on \
                      three Antarctic islands, with some missing values and text columns.",
        target: "species",
        task: "classification",
        source: "Horst, Hill & Gorman (2020), palmerpenguins, data from Gorman, Williams & Fraser \
                 (2014), PLoS ONE 9(3): e90081, Palmer Station LTER; file taken from \
                 palmerpenguins 0.1.6 (PyPI).",
        licence: "CC0 1.0 (public domain dedication).",
        csv: include_str!("../../www/datasets/penguins.csv"),
    },
    BuiltinDataset {
        name: "diabetes",
        title: "Diabetes progression",
        description: "Age, sex, body mass index, blood pressure and six blood serum measurements \
                      of 442 diabetes patients, predicting disease progression one year later.",
        target: "progression",
        task: "regression",
        source: "Efron, Hastie, Johnstone & Tibshirani (2004), \"Least Angle Regression\", \
                 Annals of Statistics 32(2); raw (unscaled) file taken from scikit-learn 1.9.1 \
                 (PyPI).",
        licence: "As distributed with scikit-learn (BSD-3-Clause); original data from Efron et al. (2004).",
        csv: include_str!("../../www/datasets/diabetes.csv"),
    },
];

/// The built-in dataset called `name` (exact, case-sensitive match on [`BuiltinDataset::name`]).
pub fn builtin(name: &str) -> Option<&'static BuiltinDataset> {
    // `&BUILTIN` is promoted to a `'static` borrow of the constant.
    let all: &'static [BuiltinDataset; 3] = &BUILTIN;
    all.iter().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_by_name() {
        assert_eq!(builtin("iris").map(|d| d.target), Some("species"));
        assert_eq!(builtin("diabetes").map(|d| d.task), Some("regression"));
        assert!(builtin("Iris").is_none());
        assert!(builtin("mnist").is_none());
    }

    #[test]
    fn targets_are_header_columns() {
        for d in &BUILTIN {
            let header = d.csv.lines().next().unwrap_or_default();
            assert!(header.split(',').any(|c| c == d.target), "{}: no column {}", d.name, d.target);
            assert!(matches!(d.task, "classification" | "regression"), "{}", d.name);
        }
    }
}
