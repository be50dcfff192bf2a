//! The prepared features back in the table's units: the inverse of the preparation's scaling
//! (`x = z·scale + center` for a numeric or derived feature), the category a one-hot group
//! marks, and numbers rounded to six significant digits for display.

use crate::data::prepare::{FeatureStep, FittedPreparation};

/// How prepared feature `j` maps back to the table: `(label, center, scale)`, so the original
/// value is `z·scale + center`. A one-hot feature keeps its 0/1 (`center 0`, `scale 1`) and is
/// labelled `column = category`; without a preparation (generated data) the feature is as is.
pub fn feature_units(prep: Option<&FittedPreparation>, names: &[String], j: usize) -> (String, f64, f64) {
    let plain = || (names.get(j).cloned().unwrap_or_else(|| format!("feature {j}")), 0.0, 1.0);
    let Some(prep) = prep else { return plain() };
    let mut offset = 0;
    for step in &prep.steps {
        let width = match step {
            FeatureStep::OneHot { categories, .. } => categories.len(),
            _ => 1,
        };
        if j < offset + width {
            return match step {
                FeatureStep::Numeric { column, center, scale, .. } => (column.clone(), *center, *scale),
                FeatureStep::Derived { center, scale, .. } => {
                    (names.get(j).cloned().unwrap_or_default(), *center, *scale)
                }
                FeatureStep::OneHot { column, categories, .. } => {
                    (format!("{column} = {}", categories.get(j - offset).map_or("?", |c| c.as_str())), 0.0, 1.0)
                }
            };
        }
        offset += width;
    }
    plain()
}

/// The table's columns a prepared row comes from (numeric and one-hot steps, in step order;
/// derived features are computed, not columns), or the feature names without a preparation.
pub fn original_columns(prep: Option<&FittedPreparation>, names: &[String]) -> Vec<String> {
    let Some(prep) = prep else { return names.to_vec() };
    prep.steps
        .iter()
        .filter_map(|s| match s {
            FeatureStep::Numeric { column, .. } | FeatureStep::OneHot { column, .. } => Some(column.clone()),
            FeatureStep::Derived { .. } => None,
        })
        .collect()
}

/// A prepared `row` as the values of [`original_columns`]: numbers unscaled and rounded with
/// [`number`], a one-hot group as its category (`"—"` when none is set: a missing or unseen
/// category).
pub fn original_values(prep: Option<&FittedPreparation>, row: &[f32]) -> Vec<String> {
    let Some(prep) = prep else { return row.iter().map(|&v| number(f64::from(v))).collect() };
    let mut out = Vec::new();
    let mut offset = 0;
    for step in &prep.steps {
        match step {
            FeatureStep::Numeric { center, scale, .. } => {
                out.push(number(f64::from(row.get(offset).copied().unwrap_or(f32::NAN)) * scale + center));
                offset += 1;
            }
            FeatureStep::Derived { .. } => offset += 1,
            FeatureStep::OneHot { categories, .. } => {
                let hot = (0..categories.len()).find(|&k| row.get(offset + k).is_some_and(|&v| v > 0.5));
                out.push(hot.and_then(|k| categories.get(k)).cloned().unwrap_or_else(|| "—".into()));
                offset += categories.len();
            }
        }
    }
    out
}

/// `v` rounded to six significant digits, written in its shortest form (`5.1`, `120`, `0.25`);
/// `"NaN"` when not a number. The features are `f32`, so digits beyond these are noise.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "NaN".into();
    }
    let rounded: f64 = format!("{v:.5e}").parse().unwrap_or(v);
    format!("{rounded}")
}
