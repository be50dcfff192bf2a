//! The built-in datasets (`src/data/builtin.rs`, files in `www/datasets/`): the registry holds the
//! files on disk, and Lantern's CSV reader and schema summariser reproduce statistics computed
//! independently with pandas (`tests/golden/datasets_reference.json`) within 1e-9 relative.
//!
//! The reference file was written by this Python snippet (pandas 3.1.1, numpy 2.4.6), run from
//! the crate root:
//!
//! ```python
//! import json, numpy as np, pandas as pd
//! out = {"generator": f"pandas {pd.__version__}, numpy {np.__version__}", "datasets": {}}
//! for name in ["iris", "penguins", "diabetes"]:
//!     df = pd.read_csv(f"www/datasets/{name}.csv")  # "NA" and empty cells are missing
//!     cols = []
//!     for c in df.columns:
//!         s = df[c]
//!         e = {"name": c, "count": int(s.notna().sum()), "missing": int(s.isna().sum()),
//!              "distinct": int(s.nunique())}
//!         if pd.api.types.is_numeric_dtype(s):
//!             v = s.dropna().to_numpy(dtype=np.float64)
//!             e.update(kind="numeric", mean=float(v.mean()), std=float(v.std(ddof=1)),
//!                      min=float(v.min()), max=float(v.max()))
//!         else:
//!             e.update(kind="text", value_counts={str(k): int(n) for k, n in s.value_counts().items()})
//!         cols.append(e)
//!     out["datasets"][name] = {"rows": len(df), "columns": cols}
//! with open("tests/golden/datasets_reference.json", "w") as f:
//!     json.dump(out, f, indent=1)
//!     f.write("\n")
//! ```

use std::collections::BTreeMap;

use lantern::data::builtin::{builtin, BuiltinDataset, BUILTIN};
use lantern::data::csv::{read_csv, ReadOptions};
use lantern::data::schema::summarize_table;
use lantern::data::table::MISSING_CODE;
use lantern::data::{ColumnData, Table};
use serde_json::Value;

/// Relative tolerance for floating-point statistics (summation order differs from numpy's).
const TOL: f64 = 1e-9;

/// Expected `(name, rows, header)` of every built-in dataset, in registry order.
const SHAPES: [(&str, usize, &[&str]); 3] = [
    ("iris", 150, &["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]),
    (
        "penguins",
        344,
        &["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"],
    ),
    ("diabetes", 442, &["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]),
];

fn reference() -> Value {
    serde_json::from_str(include_str!("golden/datasets_reference.json")).expect("reference JSON parses")
}

fn reference_columns<'a>(reference: &'a Value, name: &str) -> &'a [Value] {
    reference["datasets"][name]["columns"].as_array().map(Vec::as_slice).expect("reference has the dataset")
}

fn dataset(name: &str) -> &'static BuiltinDataset {
    builtin(name).unwrap_or_else(|| panic!("no built-in dataset {name}"))
}

fn load(d: &BuiltinDataset) -> Table {
    read_csv(d.csv().unwrap().as_bytes(), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}: the reader refuses the built-in file: {e}", d.name))
        .table
}

fn close(actual: f64, expected: f64) -> bool {
    actual == expected || (actual - expected).abs() <= TOL * actual.abs().max(expected.abs())
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(close(actual, expected), "{what}: got {actual:e}, reference {expected:e}");
}

fn ref_f64(col: &Value, key: &str) -> f64 {
    col[key].as_f64().unwrap_or_else(|| panic!("reference {}.{key} is a number", col["name"]))
}

fn ref_usize(col: &Value, key: &str) -> usize {
    col[key].as_u64().unwrap_or_else(|| panic!("reference {}.{key} is a count", col["name"])) as usize
}

fn ref_value_counts(col: &Value) -> BTreeMap<String, usize> {
    col["value_counts"]
        .as_object()
        .expect("text column has value_counts")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().expect("count") as usize))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// (a) The registry and the files, without the reader.
// ---------------------------------------------------------------------------------------------

#[test]
fn registry_lists_the_three_datasets_in_order() {
    let names: Vec<&str> = BUILTIN.iter().map(|d| d.name).collect();
    assert_eq!(names, ["iris", "penguins", "diabetes"]);
    for d in &BUILTIN {
        assert!(std::ptr::eq(dataset(d.name), dataset(d.name)));
        assert_eq!(dataset(d.name).name, d.name);
        for (field, text) in
            [("title", d.title), ("description", d.description), ("source", d.source), ("licence", d.licence)]
        {
            assert!(!text.trim().is_empty(), "{}: empty {field}", d.name);
        }
        assert!(d.description.ends_with('.'), "{}: description is one sentence", d.name);
    }
    assert!(builtin("IRIS").is_none() && builtin("").is_none() && builtin("mnist").is_none());
    assert_eq!((dataset("iris").target, dataset("iris").task), ("species", "classification"));
    assert_eq!((dataset("penguins").target, dataset("penguins").task), ("species", "classification"));
    assert_eq!((dataset("diabetes").target, dataset("diabetes").task), ("progression", "regression"));
}

#[test]
fn registry_csv_is_the_file_on_disk() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/datasets");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("www/datasets/README.md exists");
    for d in &BUILTIN {
        let path = dir.join(format!("{}.csv", d.name));
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(on_disk == *d.csv().unwrap(), "{}: compiled-in CSV differs from {}", d.name, path.display());
        assert!(readme.contains(&format!("## {}.csv", d.name)), "README documents {}.csv", d.name);
    }
}

#[test]
fn files_are_plain_csv_with_the_expected_shape() {
    let reference = reference();
    for (d, (name, rows, header)) in BUILTIN.iter().zip(SHAPES) {
        assert_eq!(d.name, name);
        let csv = d.csv().unwrap();
        assert!(!csv.contains('\r'), "{name}: LF line endings only");
        assert!(!csv.contains('"'), "{name}: no quoting needed");
        assert!(csv.ends_with('\n') && !csv.ends_with("\n\n"), "{name}: one final newline");
        assert!(!csv.starts_with('\u{feff}'), "{name}: no byte-order mark");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0].split(',').collect::<Vec<_>>(), header, "{name}: header");
        assert_eq!(lines.len() - 1, rows, "{name}: data rows");
        for (i, line) in lines.iter().enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{name} line {}: {line}", i + 1);
            assert!(cells.iter().all(|c| !c.is_empty() && c.trim() == *c), "{name} line {}: {line}", i + 1);
        }
        assert!(header.contains(&d.target), "{name}: target {} is a column", d.target);
        // The reference describes the same table.
        assert_eq!(reference["datasets"][name]["rows"].as_u64(), Some(rows as u64), "{name}: reference rows");
        let ref_names: Vec<&str> =
            reference_columns(&reference, name).iter().map(|c| c["name"].as_str().expect("name")).collect();
        assert_eq!(ref_names, header, "{name}: reference columns");
    }
}

#[test]
fn known_values_are_where_they_should_be() {
    let iris_csv = dataset("iris").csv().unwrap();
    let iris: Vec<&str> = iris_csv.lines().collect();
    assert_eq!(iris[1], "5.1,3.5,1.4,0.2,setosa");
    assert_eq!(iris[150], "5.9,3.0,5.1,1.8,virginica");
    for species in ["setosa", "versicolor", "virginica"] {
        assert_eq!(iris.iter().filter(|l| l.ends_with(&format!(",{species}"))).count(), 50, "{species}");
    }

    let penguins_csv = dataset("penguins").csv().unwrap();
    let penguins: Vec<Vec<&str>> = penguins_csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(penguins[0], ["Adelie", "Torgersen", "39.1", "18.7", "181", "3750", "male", "2007"]);
    assert_eq!(penguins.iter().filter(|r| r[6] == "NA").count(), 11, "missing sex");
    assert_eq!(penguins.iter().filter(|r| r[2..6].iter().all(|c| *c == "NA")).count(), 2, "rows without measurements");
    assert_eq!(penguins.iter().flatten().filter(|c| **c == "NA").count(), 11 + 2 * 4, "NA cells in total");

    let diabetes_csv = dataset("diabetes").csv().unwrap();
    let diabetes: Vec<&str> = diabetes_csv.lines().collect();
    assert_eq!(diabetes[1], "59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,151");
    assert_eq!(diabetes[442].rsplit(',').next(), Some("57"));
}

// ---------------------------------------------------------------------------------------------
// (b) Through the reader: statistics computed here from the loaded `Table` columns.
// ---------------------------------------------------------------------------------------------

/// What the reference JSON records for one column, computed from a loaded column.
#[derive(Debug)]
enum Stats {
    Numeric { count: usize, missing: usize, distinct: usize, mean: f64, std: f64, min: f64, max: f64 },
    Text { count: usize, missing: usize, value_counts: BTreeMap<String, usize> },
}

fn column_stats(data: &ColumnData) -> Stats {
    match data {
        ColumnData::Numeric { values } => {
            let v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
            let n = v.len() as f64;
            let mean = v.iter().sum::<f64>() / n;
            let std = (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)).sqrt();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            sorted.dedup();
            Stats::Numeric {
                count: v.len(),
                missing: values.len() - v.len(),
                distinct: sorted.len(),
                mean,
                std,
                min: sorted[0],
                max: sorted[sorted.len() - 1],
            }
        }
        ColumnData::Text { codes, levels } => {
            let mut value_counts = BTreeMap::new();
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                *value_counts.entry(levels[c as usize].clone()).or_insert(0) += 1;
            }
            let missing = codes.iter().filter(|&&c| c == MISSING_CODE).count();
            Stats::Text { count: codes.len() - missing, missing, value_counts }
        }
    }
}

#[test]
fn reader_reproduces_the_reference_statistics() {
    let reference = reference();
    for (d, (name, rows, header)) in BUILTIN.iter().zip(SHAPES) {
        let table = load(d);
        assert_eq!(table.names(), header, "{name}: columns");
        assert_eq!(table.rows(), rows, "{name}: rows");
        for (col, r) in table.columns.iter().zip(reference_columns(&reference, name)) {
            let what = format!("{name}.{}", col.name);
            assert_eq!(col.len(), rows, "{what}: cells");
            match (column_stats(&col.data), r["kind"].as_str()) {
                (Stats::Numeric { count, missing, distinct, mean, std, min, max }, Some("numeric")) => {
                    assert_eq!(
                        (count, missing, distinct),
                        (ref_usize(r, "count"), ref_usize(r, "missing"), ref_usize(r, "distinct")),
                        "{what}: count, missing, distinct"
                    );
                    assert_close(mean, ref_f64(r, "mean"), &format!("{what} mean"));
                    assert_close(std, ref_f64(r, "std"), &format!("{what} std"));
                    assert_close(min, ref_f64(r, "min"), &format!("{what} min"));
                    assert_close(max, ref_f64(r, "max"), &format!("{what} max"));
                }
                (Stats::Text { count, missing, value_counts }, Some("text")) => {
                    assert_eq!(
                        (count, missing),
                        (ref_usize(r, "count"), ref_usize(r, "missing")),
                        "{what}: count, missing"
                    );
                    assert_eq!(value_counts, ref_value_counts(r), "{what}: value counts");
                    assert_eq!(value_counts.len(), ref_usize(r, "distinct"), "{what}: distinct");
                }
                (stats, kind) => panic!("{what}: read as {stats:?}, reference says {kind:?}"),
            }
        }
    }
}

#[test]
fn reader_reads_known_cells_exactly() {
    let iris = load(dataset("iris"));
    let first: Vec<Option<String>> = iris.columns.iter().map(|c| c.display(0)).collect();
    assert_eq!(
        first,
        [Some("5.1"), Some("3.5"), Some("1.4"), Some("0.2"), Some("setosa")].map(|s| s.map(String::from))
    );

    let penguins = load(dataset("penguins"));
    let sex = penguins.column("sex").expect("sex column");
    assert_eq!(sex.missing(), 11);
    // Row 4 of the file (index 3) is the first with no measurements at all.
    for name in ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"] {
        assert!(penguins.column(name).expect("column").is_missing(3), "penguins.{name}[3] is missing");
    }
    assert!(!penguins.column("year").expect("year").is_missing(3));

    let diabetes = load(dataset("diabetes"));
    let ColumnData::Numeric { values } = &diabetes.column("progression").expect("target").data else {
        panic!("progression is numeric")
    };
    assert_eq!(values[0], 151.0);
    let ColumnData::Numeric { values } = &diabetes.column("s5").expect("s5").data else { panic!("s5 is numeric") };
    assert_eq!(values[0], 4.8598);
}

// ---------------------------------------------------------------------------------------------
// (b) Through the schema summariser.
// ---------------------------------------------------------------------------------------------

#[test]
fn summariser_reproduces_the_reference_statistics() {
    let reference = reference();
    for d in &BUILTIN {
        let table = load(d);
        let summaries = summarize_table(&table);
        let refs = reference_columns(&reference, d.name);
        assert_eq!(summaries.len(), refs.len(), "{}: one summary per column", d.name);
        for (s, r) in summaries.iter().zip(refs) {
            let what = format!("{}.{}", d.name, s.name);
            assert_eq!(Some(s.name.as_str()), r["name"].as_str(), "{what}: column order");
            assert_eq!(s.count, ref_usize(r, "count"), "{what}: count");
            assert_eq!(s.missing, ref_usize(r, "missing"), "{what}: missing");
            assert_eq!(s.distinct, ref_usize(r, "distinct"), "{what}: distinct");
            match r["kind"].as_str() {
                Some("numeric") => {
                    for (key, got) in [("mean", s.mean), ("std", s.std), ("min", s.min), ("max", s.max)] {
                        let got = got.unwrap_or_else(|| panic!("{what}: no {key}"));
                        assert_close(got, ref_f64(r, key), &format!("{what} {key}"));
                    }
                }
                Some("text") => {
                    assert!(s.mean.is_none() && s.std.is_none(), "{what}: text has no mean/std");
                    let counts = ref_value_counts(r);
                    assert!(!s.top.is_empty(), "{what}: top values");
                    for (value, n) in &s.top {
                        assert_eq!(counts.get(value), Some(n), "{what}: top value {value:?}");
                    }
                    // `top` holds the most frequent values: nothing left out is more frequent.
                    let least_shown = s.top.iter().map(|(_, n)| *n).min().unwrap_or(0);
                    for (value, n) in &counts {
                        if !s.top.iter().any(|(v, _)| v == value) {
                            assert!(*n <= least_shown, "{what}: {value:?} ({n}) missing from top");
                        }
                    }
                }
                other => panic!("{what}: reference kind {other:?}"),
            }
        }
    }
}
