//! Helpers shared by integration tests (`mod support;` in each test file that needs them; each
//! test crate uses only some of them).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use lantern::data::{ColumnData, Table};
use lantern::deploy::Prediction;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `lantern` binary with `args`, as a user runs it (the numbers are the same whatever
/// the thread count: tests/cli.rs checks it).
pub fn lantern(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lantern")).args(args).output().expect("the lantern binary runs")
}

/// Its standard output, after checking that it succeeded (its standard error in the message).
pub fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Python of the venv `tools/setup.sh` makes at `venv` (the variable `overridden_by` names
/// another), or why there is none. `tools/test.sh` sets `required_by` (its set-up made the
/// venv): there a missing venv fails the test instead of skipping it.
pub fn venv_python(venv: &str, overridden_by: &str, required_by: &str) -> Result<PathBuf, String> {
    let path =
        std::env::var_os(overridden_by).map(PathBuf::from).unwrap_or_else(|| root().join(venv).join("bin/python"));
    if path.is_file() {
        return Ok(path);
    }
    let why = format!("{} is missing: run `bash tools/setup.sh` to make the venv {venv}", path.display());
    assert!(std::env::var_os(required_by).is_none(), "{why}");
    Err(why)
}

/// A fresh directory under the system temp dir, removed when dropped (even after a failure).
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// Creates `lantern-<tag>-<pid>-<nanos>` in the temp dir.
    pub fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("lantern-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        TempDir(dir)
    }

    /// The directory, as text.
    pub fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }

    /// `name` inside the directory, as text.
    pub fn join(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("a UTF-8 temp path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Each prediction's exact bits: the class index then every probability, or the value — so two
/// prediction lists compare equal only when they are bit-identical.
pub fn bits(p: &[Prediction]) -> Vec<Vec<u64>> {
    p.iter()
        .map(|p| match p {
            Prediction::Class { index, probabilities, .. } => {
                std::iter::once(*index as u64).chain(probabilities.iter().map(|v| v.to_bits())).collect()
            }
            Prediction::Value { value } => vec![value.to_bits()],
        })
        .collect()
}

/// The values of the numeric column `name` of `t`, to change in place (panics if it is missing
/// or not numeric).
pub fn numeric_mut<'a>(t: &'a mut Table, name: &str) -> &'a mut Vec<f64> {
    let c = t.columns.iter_mut().find(|c| c.name == name).unwrap();
    match &mut c.data {
        ColumnData::Numeric { values } => values,
        ColumnData::Text { .. } => panic!("`{name}` is not numeric"),
    }
}

/// Sets every preparation step the command line has no flag for in a penguins spec (JSON):
/// median imputation, min–max scaling, `year` (a number) as categories, and each derived
/// feature (square, product, sine).
pub fn every_preparation_step(spec: &mut serde_json::Value) {
    let prepare = &mut spec["data"]["prepare"];
    prepare["numeric_missing"] = "median".into();
    prepare["scaling"] = "min_max".into();
    prepare["kinds"] = serde_json::json!({"year": "categorical"});
    prepare["derived"] = serde_json::json!([
        {"op": "square", "column": "bill_length_mm"},
        {"op": "product", "a": "bill_depth_mm", "b": "body_mass_g"},
        {"op": "sin", "column": "flipper_length_mm"}
    ]);
}
