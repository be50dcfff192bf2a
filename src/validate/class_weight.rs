//! Class weights for imbalanced classes.
//!
//! When one class has 95 % of the rows, a model that always predicts it is 95 % accurate, and
//! the loss, an average over rows, barely notices the rare class. Weighting each row by its
//! class's weight in the loss (and in a tree's impurity) makes every class count as if the
//! classes were equally frequent.
//!
//! `balanced` (scikit-learn's `compute_class_weight("balanced")`):
//! `w_c = n / (m · n_c)` for the `m` classes present in the `n` training rows, `n_c` rows of
//! class `c`. Then every class carries the same total weight `n_c · w_c = n/m`, and the rows'
//! weights still sum to `n`, so the loss keeps its scale (a learning rate tuned without weights
//! still fits). A class absent from the rows gets weight 0 (no row carries it; scikit-learn
//! refuses to compute a weight for it, but a training fold can lack a rare class).
//! Custom weights are one non-negative finite number per class, not all 0.

use super::error::{ValidateError, ValidateResult};
use serde::{Deserialize, Serialize};

/// How rows are weighted by class: the setting a spec keeps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClassWeighting {
    /// Every row weighs 1.
    #[default]
    None,
    /// `n / (classes present · n_c)`, from the training rows.
    Balanced,
    /// One weight per class, in class order.
    Custom {
        /// The weights.
        weights: Vec<f64>,
    },
}

impl ClassWeighting {
    /// The weight of each of `classes` classes for training rows with these `labels`.
    ///
    /// # Errors
    /// [`ValidateError::NotAClass`] for a label `≥ classes`; custom weights as [`check_custom`].
    pub fn weights(&self, labels: &[usize], classes: usize) -> ValidateResult<Vec<f64>> {
        match self {
            ClassWeighting::None => {
                check_labels(labels, classes)?;
                Ok(vec![1.0; classes])
            }
            ClassWeighting::Balanced => balanced_weights(labels, classes),
            ClassWeighting::Custom { weights } => {
                check_labels(labels, classes)?;
                check_custom(weights, classes)?;
                Ok(weights.clone())
            }
        }
    }
}

fn check_labels(labels: &[usize], classes: usize) -> ValidateResult<()> {
    match labels.iter().find(|&&l| l >= classes) {
        Some(&l) => Err(ValidateError::NotAClass { value: l as f64, max: classes.saturating_sub(1) }),
        None => Ok(()),
    }
}

/// Balanced class weights `n / (m · n_c)` (`m` classes present; 0 for an absent class).
///
/// # Errors
/// [`ValidateError::NotAClass`] for a label `≥ classes`.
pub fn balanced_weights(labels: &[usize], classes: usize) -> ValidateResult<Vec<f64>> {
    check_labels(labels, classes)?;
    let mut counts = vec![0usize; classes];
    for &l in labels {
        counts[l] += 1;
    }
    let present = counts.iter().filter(|&&c| c > 0).count();
    let n = labels.len() as f64;
    Ok(counts.iter().map(|&c| if c == 0 { 0.0 } else { n / (present as f64 * c as f64) }).collect())
}

/// Checks custom class weights: one per class, each finite and `≥ 0`, not all 0.
///
/// # Errors
/// [`ValidateError::ClassWeights`] saying which rule is broken.
pub fn check_custom(weights: &[f64], classes: usize) -> ValidateResult<()> {
    if weights.len() != classes {
        return Err(ValidateError::ClassWeights(format!(
            "{} weight(s) given for {classes} classes: give one per class, in class order",
            weights.len()
        )));
    }
    if let Some((c, w)) = weights.iter().enumerate().find(|(_, w)| !(w.is_finite() && **w >= 0.0)) {
        return Err(ValidateError::ClassWeights(format!(
            "the weight of class {c} is {w}: a weight is a number ≥ 0 (1 = as without weights)"
        )));
    }
    if weights.iter().all(|&w| w == 0.0) {
        return Err(ValidateError::ClassWeights(
            "every weight is 0, so no row would count: give some class a weight above 0".into(),
        ));
    }
    Ok(())
}

/// Each row's weight: its class's weight (scikit-learn's `compute_sample_weight`).
///
/// # Errors
/// [`ValidateError::NotAClass`] for a label without a weight; [`ValidateError::ClassWeights`]
/// when every row would weigh 0.
pub fn sample_weights(labels: &[usize], class_weights: &[f64]) -> ValidateResult<Vec<f64>> {
    check_labels(labels, class_weights.len())?;
    let out: Vec<f64> = labels.iter().map(|&l| class_weights[l]).collect();
    if !out.is_empty() && out.iter().all(|&w| w == 0.0) {
        return Err(ValidateError::ClassWeights(
            "every training row has weight 0: give a class present in the training rows a weight above 0".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_by_hand() {
        // 6 rows: class 0 ×3, class 1 ×2, class 2 ×1 → 6/(3·3), 6/(3·2), 6/(3·1).
        let labels = [0, 1, 0, 2, 1, 0];
        let w = balanced_weights(&labels, 3).unwrap();
        assert_eq!(w, vec![6.0 / 9.0, 1.0, 2.0]);
        let rows = sample_weights(&labels, &w).unwrap();
        assert!((rows.iter().sum::<f64>() - 6.0).abs() < 1e-12, "weights sum to n");
        // Every class carries n / m.
        for c in 0..3 {
            let total: f64 = labels.iter().zip(&rows).filter(|(&l, _)| l == c).map(|(_, w)| w).sum();
            assert!((total - 2.0).abs() < 1e-12);
        }
        // An absent class: weight 0, the others over the 2 present.
        assert_eq!(balanced_weights(&[0, 0, 2], 3).unwrap(), vec![0.75, 0.0, 1.5]);
        assert_eq!(balanced_weights(&[], 2).unwrap(), vec![0.0, 0.0]);
    }

    #[test]
    fn settings_and_refusals() {
        let labels = [0, 1, 1];
        assert_eq!(ClassWeighting::None.weights(&labels, 2).unwrap(), vec![1.0, 1.0]);
        assert_eq!(ClassWeighting::Balanced.weights(&labels, 2).unwrap(), vec![1.5, 0.75]);
        let custom = ClassWeighting::Custom { weights: vec![2.0, 0.5] };
        assert_eq!(custom.weights(&labels, 2).unwrap(), vec![2.0, 0.5]);
        assert!(matches!(ClassWeighting::Balanced.weights(&[0, 2], 2), Err(ValidateError::NotAClass { .. })));
        for bad in [vec![1.0], vec![1.0, -1.0], vec![f64::NAN, 1.0], vec![0.0, 0.0]] {
            let e = check_custom(&bad, 2).unwrap_err();
            assert!(matches!(e, ValidateError::ClassWeights(_)), "{bad:?}");
        }
        assert!(check_custom(&[0.0, 3.0], 2).is_ok());
        assert!(sample_weights(&[0, 0], &[0.0, 3.0]).is_err(), "only zero-weight rows");
        let json = serde_json::to_string(&custom).unwrap();
        assert_eq!(json, r#"{"kind":"custom","weights":[2.0,0.5]}"#);
        assert_eq!(serde_json::from_str::<ClassWeighting>(r#"{"kind":"balanced"}"#).unwrap(), ClassWeighting::Balanced);
    }
}
