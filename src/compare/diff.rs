//! Which settings differ between runs, computed on the specs' JSON so that every field —
//! including ones added later — is compared without a list to keep up to date.
//!
//! A spec is flattened to its leaves, each named by its dotted path (`training.learning_rate`,
//! `data.source.kind`, `model.hidden`). Objects are walked into; arrays and scalars are leaves
//! (so `model.hidden` `[8, 8]` vs `[32]` is one difference, not two). A field one spec has and
//! another lacks (the generator of synthetic data vs a table's name) differs, the missing side
//! shown as "—". Rows come in path order.

use crate::spec::ExperimentSpec;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One field whose value is not the same in every spec compared.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDiff {
    /// Dotted path of the field, e.g. `training.learning_rate`.
    pub path: String,
    /// Its value in each spec, in the order given (`None`: the spec has no such field).
    pub values: Vec<Option<Value>>,
}

/// The leaves of `spec`'s JSON by dotted path.
pub fn flatten(spec: &ExperimentSpec) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    // A spec holds only plain numbers, strings and enums: it always converts.
    let value = serde_json::to_value(spec).unwrap_or(Value::Null);
    walk(&value, String::new(), &mut out);
    out
}

fn walk(value: &Value, path: String, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk(v, p, out);
            }
        }
        leaf => {
            out.insert(path, leaf.clone());
        }
    }
}

/// The fields whose values are not all equal across `specs` (with `ignore_seed`, `seed` is
/// never listed: runs repeated over seeds differ only there).
pub fn spec_diff_many(specs: &[&ExperimentSpec], ignore_seed: bool) -> Vec<FieldDiff> {
    let flat: Vec<BTreeMap<String, Value>> = specs.iter().map(|s| flatten(s)).collect();
    let paths: BTreeSet<&String> = flat.iter().flat_map(BTreeMap::keys).collect();
    paths
        .into_iter()
        .filter(|p| !(ignore_seed && p.as_str() == "seed"))
        .filter_map(|p| {
            let values: Vec<Option<Value>> = flat.iter().map(|f| f.get(p).cloned()).collect();
            let differ = values.windows(2).any(|w| w[0] != w[1]);
            differ.then(|| FieldDiff { path: p.clone(), values })
        })
        .collect()
}

/// The fields that differ between `a` and `b`: `(path, value in a, value in b)` as a
/// [`FieldDiff`] with two values.
pub fn spec_diff(a: &ExperimentSpec, b: &ExperimentSpec, ignore_seed: bool) -> Vec<FieldDiff> {
    spec_diff_many(&[a, b], ignore_seed)
}

/// A value as the diff shows it: strings without quotes, everything else as JSON, a missing
/// field as "—".
pub fn show_value(value: &Option<Value>) -> String {
    match value {
        None => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::spec::{DataSource, Optimizer};

    #[test]
    fn one_changed_field() {
        let a = ExperimentSpec::default();
        let mut b = a.clone();
        b.training.learning_rate = 0.1;
        let d = spec_diff(&a, &b, false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "training.learning_rate");
        assert_eq!((show_value(&d[0].values[0]), show_value(&d[0].values[1])), ("0.03".into(), "0.1".into()));
        assert!(spec_diff(&a, &a, false).is_empty());
    }

    #[test]
    fn seeds_arrays_enums_and_missing_fields() {
        let a = ExperimentSpec::default();
        let mut b = a.clone();
        b.seed = 8;
        b.model.hidden = vec![32];
        b.training.optimizer = Optimizer::Sgd;
        b.data.source = DataSource::Builtin { name: "iris".into() };
        let paths = |d: &[FieldDiff]| d.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        let d = spec_diff(&a, &b, false);
        assert_eq!(
            paths(&d),
            [
                "data.source.generator",
                "data.source.kind",
                "data.source.name",
                "data.source.noise",
                "data.source.points",
                "model.hidden",
                "seed",
                "training.optimizer"
            ]
        );
        assert_eq!(show_value(&d[0].values[0]), "circle");
        assert_eq!(show_value(&d[0].values[1]), "—");
        assert_eq!(show_value(&d[5].values[0]), "[8,8]");
        assert_eq!(show_value(&d[5].values[1]), "[32]");
        assert!(!paths(&spec_diff(&a, &b, true)).contains(&"seed".to_string()));
    }

    #[test]
    fn many_specs_list_a_field_once_if_any_differs() {
        let a = ExperimentSpec::default();
        let mut b = a.clone();
        b.training.batch_size = 32;
        let d = spec_diff_many(&[&a, &a, &b], false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].values, vec![Some(16.into()), Some(16.into()), Some(32.into())]);
    }
}
