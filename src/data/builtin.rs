//! Built-in real datasets: plain CSV files in `www/datasets/` (comma-delimited, header row,
//! UTF-8, LF line endings, `NA` for missing cells), read with the same CSV reader as an uploaded
//! file. Where each file comes from, its licence, what every column means and how it was
//! converted is written down in `www/datasets/README.md`.
//!
//! Native builds (the command line, the tests) compile the files in. The page loads a table on
//! first use instead — it is served next to the app ([`BuiltinDataset::path`]) — so the tables
//! cost nothing in the first download: the page fetches the file, gives it to this module with
//! [`provide`] and sends it to its workers ([`crate::train::Command::Table`]), which do the same.

use crate::error::{Error, Result};
use std::cell::RefCell;
use std::sync::Arc;

/// One bundled dataset: what the UI shows about it (the CSV text: [`BuiltinDataset::csv`]).
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
    /// Rows of the file (without the header), known before the page has fetched it: the
    /// defaults for a table follow its size (`crate::spec::table_defaults`).
    pub rows: usize,
    /// Columns of the file, the target included.
    pub columns: usize,
    /// Where the data comes from (paper, and the package the file was taken from).
    pub source: &'static str,
    /// Licence of the data.
    pub licence: &'static str,
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
        rows: 150,
        columns: 5,
        source: "R. A. Fisher (1936), \"The use of multiple measurements in taxonomic problems\", \
                 Annals of Eugenics 7(2); file taken from scikit-learn 1.9.1 (PyPI).",
        licence: "Public domain (UCI Machine Learning Repository copy: CC BY 4.0).",
    },
    BuiltinDataset {
        name: "penguins",
        title: "Palmer penguins",
        description: "Bill, flipper and body measurements of 344 penguins of three species on \
                      three Antarctic islands, with some missing values and text columns.",
        target: "species",
        task: "classification",
        rows: 344,
        columns: 8,
        source: "Horst, Hill & Gorman (2020), palmerpenguins, data from Gorman, Williams & Fraser \
                 (2014), PLoS ONE 9(3): e90081, Palmer Station LTER; file taken from \
                 palmerpenguins 0.1.6 (PyPI).",
        licence: "CC0 1.0 (public domain dedication).",
    },
    BuiltinDataset {
        name: "diabetes",
        title: "Diabetes progression",
        description: "Age, sex, body mass index, blood pressure and six blood serum measurements \
                      of 442 diabetes patients, predicting disease progression one year later.",
        target: "progression",
        task: "regression",
        rows: 442,
        columns: 11,
        source: "Efron, Hastie, Johnstone & Tibshirani (2004), \"Least Angle Regression\", \
                 Annals of Statistics 32(2); raw (unscaled) file taken from scikit-learn 1.9.1 \
                 (PyPI).",
        licence: "As distributed with scikit-learn (BSD-3-Clause); original data from Efron et al. (2004).",
    },
];

impl BuiltinDataset {
    /// Where the page finds the file, relative to the app.
    pub fn path(&self) -> String {
        format!("datasets/{}.csv", self.name)
    }

    /// The whole CSV file: compiled in (native builds), or as given to [`provide`].
    ///
    /// # Errors
    /// [`Error::Data`] when the page has not loaded the table yet (a bug in the page: it loads
    /// a table before it uses it).
    pub fn csv(&self) -> Result<Arc<str>> {
        if let Some(text) = LOADED.with(|l| l.borrow().iter().find(|(n, _)| *n == self.name).map(|(_, t)| t.clone())) {
            return Ok(text);
        }
        embedded(self.name).map(Arc::from).ok_or_else(|| {
            Error::data(format!(
                "the bundled table `{}` has not been loaded yet: pick it again in the Dataset menu",
                self.name
            ))
        })
    }

    /// Whether [`Self::csv`] has the file (always in native builds).
    pub fn is_loaded(&self) -> bool {
        embedded(self.name).is_some() || LOADED.with(|l| l.borrow().iter().any(|(n, _)| *n == self.name))
    }
}

thread_local! {
    /// Tables given to [`provide`] (the page's and each worker's own copy).
    static LOADED: RefCell<Vec<(&'static str, Arc<str>)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps the CSV text of the bundled table `name`, as loaded by the page.
///
/// # Errors
/// [`Error::Data`] for a name that is not a bundled table, or bytes that are not UTF-8 text.
pub fn provide(name: &str, bytes: &[u8]) -> Result<()> {
    let b = builtin(name).ok_or_else(|| Error::data(format!("`{name}` is not a bundled table")))?;
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::data(format!("the bundled table `{name}` did not arrive as UTF-8 text")))?;
    LOADED.with(|l| {
        let mut l = l.borrow_mut();
        l.retain(|(n, _)| *n != b.name);
        l.push((b.name, Arc::from(text)));
    });
    Ok(())
}

/// The compiled-in file of table `name` (native builds only).
#[cfg(not(target_arch = "wasm32"))]
fn embedded(name: &str) -> Option<&'static str> {
    match name {
        "iris" => Some(include_str!("../../www/datasets/iris.csv")),
        "penguins" => Some(include_str!("../../www/datasets/penguins.csv")),
        "diabetes" => Some(include_str!("../../www/datasets/diabetes.csv")),
        _ => None,
    }
}

/// The page and its workers load the tables on first use (see the module's documentation).
#[cfg(target_arch = "wasm32")]
fn embedded(_name: &str) -> Option<&'static str> {
    None
}

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
    fn a_provided_table_is_used_and_checked() {
        let iris = builtin("iris").unwrap();
        assert!(iris.is_loaded());
        assert_eq!(iris.path(), "datasets/iris.csv");
        provide("iris", b"species,x\na,1\n").unwrap();
        assert!(iris.csv().unwrap().starts_with("species,x"));
        assert!(provide("mnist", b"x\n1\n").unwrap_err().to_string().contains("not a bundled table"));
        assert!(provide("iris", b"\xff\xfe").is_err());
        LOADED.with(|l| l.borrow_mut().clear());
        assert!(iris.csv().unwrap().starts_with("sepal_length"));
    }

    #[test]
    fn rows_and_columns_are_the_files() {
        for d in &BUILTIN {
            let csv = d.csv().unwrap();
            let table = crate::data::csv::read_csv(csv.as_bytes(), &Default::default()).unwrap().table;
            assert_eq!((table.rows(), table.columns.len()), (d.rows, d.columns), "{}", d.name);
        }
    }

    #[test]
    fn targets_are_header_columns() {
        for d in &BUILTIN {
            let csv = d.csv().unwrap();
            let header = csv.lines().next().unwrap_or_default();
            assert!(header.split(',').any(|c| c == d.target), "{}: no column {}", d.name, d.target);
            assert!(matches!(d.task, "classification" | "regression"), "{}", d.name);
        }
    }
}
