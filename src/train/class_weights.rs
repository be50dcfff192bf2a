//! `training.class_weight` ([`crate::spec::ClassWeight`]) made numbers: each class's weight from
//! the training rows, and each training row's weight for the weighted cross-entropy
//! ([`super::loss::weighted_loss`]). The maths is [`crate::validate::class_weight`]'s
//! (scikit-learn's `compute_class_weight` / `compute_sample_weight`, checked against its goldens).

use crate::data::{Dataset, Task};
use crate::error::{Error, Result};
use crate::spec::class_weight::FIELD;
use crate::spec::ClassWeight;
use crate::validate::class_weight::{balanced_weights, sample_weights};

/// Each class's weight for training rows of these `labels` (class indices into `names`).
///
/// # Errors
/// [`Error::Spec`] for a name that is not a class (listing the classes), or weights under which
/// every training row weighs 0.
pub fn class_weights(setting: &ClassWeight, names: &[String], labels: &[usize]) -> Result<Vec<f64>> {
    let k = names.len();
    let weights = match setting {
        ClassWeight::Balanced => balanced_weights(labels, k)?,
        ClassWeight::Custom(map) => {
            let mut w = vec![1.0; k];
            for (name, &v) in map.iter() {
                let Some(c) = names.iter().position(|n| n == name) else {
                    return Err(Error::spec(
                        format!("{FIELD}.{name}"),
                        format!("there is no class `{name}`: the classes are {}", names.join(", ")),
                    ));
                };
                w[c] = v;
            }
            w
        }
    };
    sample_weights(labels, &weights).map_err(|e| Error::spec(FIELD, e.to_string()))?;
    Ok(weights)
}

/// Each training row's weight (its class's), as `f32` for the loss; `None` when the spec sets
/// no class weights, so the loss is the unweighted mean, bit for bit as before.
///
/// # Errors
/// [`Error::Spec`] for class weights on a regression target, or as [`class_weights`].
pub fn row_weights(setting: Option<&ClassWeight>, train: &Dataset, names: &[String]) -> Result<Option<Vec<f32>>> {
    let Some(setting) = setting else { return Ok(None) };
    let Task::Classification { .. } = train.task else {
        return Err(Error::spec(
            FIELD,
            "class weights are for classes, and this target is a number: remove training.class_weight",
        ));
    };
    let labels: Vec<usize> = train.y.iter().map(|&v| v as usize).collect();
    let w = class_weights(setting, names, &labels)?;
    Ok(Some(labels.iter().map(|&l| w[l] as f32).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn by_name_and_balanced() {
        let n = names(&["no", "yes"]);
        let labels = [0, 0, 0, 1];
        assert_eq!(class_weights(&ClassWeight::Balanced, &n, &labels).unwrap(), vec![4.0 / 6.0, 2.0]);
        let c = ClassWeight::parse("yes=3").unwrap();
        assert_eq!(class_weights(&c, &n, &labels).unwrap(), vec![1.0, 3.0]);
        let e = class_weights(&ClassWeight::parse("maybe=3").unwrap(), &n, &labels).unwrap_err().to_string();
        assert!(e.contains("training.class_weight.maybe") && e.contains("no, yes"), "{e}");
        let e = class_weights(&ClassWeight::parse("no=0,yes=0").unwrap(), &n, &labels).unwrap_err().to_string();
        assert!(e.contains("weight 0"), "{e}");
    }
}
