//! Checking an experiment spec: every field in range and consistent, the error naming the first
//! bad field and what is allowed (the spec's shapes are in the parent module).

use super::*;

impl ExperimentSpec {
    /// Checks every field; the error names the first bad field and what is allowed.
    pub fn validate(&self) -> Result<()> {
        if self.version == 0 || self.version > SPEC_VERSION {
            return Err(Error::spec(
                "version",
                format!("version {} is not known to this Lantern (it reads 1 to {SPEC_VERSION})", self.version),
            ));
        }
        let d = &self.data;
        match &d.source {
            DataSource::Synthetic { points, noise, .. } => {
                let (lo, hi) = limits::POINTS;
                if !(lo..=hi).contains(points) {
                    return Err(Error::spec("data.points", format!("must be between {lo} and {hi}, got {points}")));
                }
                if !(0.0..=0.5).contains(noise) {
                    return Err(Error::spec("data.noise", format!("must be between 0 and 0.5, got {noise}")));
                }
            }
            DataSource::Builtin { name } => {
                if crate::data::builtin::builtin(name).is_none() {
                    let known: Vec<&str> = crate::data::builtin::BUILTIN.iter().map(|b| b.name).collect();
                    return Err(Error::spec(
                        "data.source.name",
                        format!("there is no built-in dataset `{name}`; choose one of: {}", known.join(", ")),
                    ));
                }
            }
            DataSource::File { .. } => {}
        }
        if !(0.1..=0.9).contains(&d.train_fraction) {
            return Err(Error::spec(
                "data.train_fraction",
                format!("must be between 0.1 and 0.9, got {}", d.train_fraction),
            ));
        }
        if !(0.0..=0.5).contains(&d.validation_fraction) || d.train_fraction + d.validation_fraction > 0.95 {
            return Err(Error::spec(
                "data.validation_fraction",
                format!(
                    "must be between 0 and 0.5 and leave at least 5% for testing, got {} (training {})",
                    d.validation_fraction, d.train_fraction
                ),
            ));
        }
        if let Some(f) = &d.fold {
            if !(2..=20).contains(&f.k) || f.index >= f.k {
                return Err(Error::spec(
                    "data.fold",
                    format!("a fold of 2 to 20 folds, numbered from 0: got fold {} of {}", f.index, f.k),
                ));
            }
            if d.generator().is_some() {
                return Err(Error::spec("data.fold", "cross-validation folds a table: generated points have none"));
            }
            let column = match &f.by {
                Some(super::FoldBy::Group { column }) => Some(column),
                Some(super::FoldBy::Time { column }) => column.as_ref(),
                None => None,
            };
            if column.is_some_and(|c| c.trim().is_empty()) {
                return Err(Error::spec("data.fold.by.column", "name a column of the table"));
            }
        }
        let m = &self.model;
        if let Some(learner) = &m.learner {
            learner.validate()?;
        }
        if m.hidden.len() > limits::MAX_LAYERS {
            return Err(Error::spec(
                "model.hidden",
                format!("at most {} hidden layers, got {}", limits::MAX_LAYERS, m.hidden.len()),
            ));
        }
        if let Some(&u) = m.hidden.iter().find(|&&u| u == 0 || u > limits::MAX_UNITS) {
            return Err(Error::spec(
                "model.hidden",
                format!("each layer needs 1 to {} units, got {u}", limits::MAX_UNITS),
            ));
        }
        if !(m.dropout.is_finite() && (0.0..=limits::MAX_DROPOUT).contains(&m.dropout)) {
            return Err(Error::spec(
                "model.dropout",
                format!("must be between 0 (off) and {}, got {}", limits::MAX_DROPOUT, m.dropout),
            ));
        }
        let t = &self.training;
        if let RegressionLoss::Huber { delta } = t.loss {
            if !(delta.is_finite() && delta > 0.0) {
                return Err(Error::spec("training.loss.delta", format!("Huber's δ must be above 0, got {delta}")));
            }
        }
        if !(t.learning_rate.is_finite() && t.learning_rate > 0.0 && t.learning_rate <= 10.0) {
            return Err(Error::spec(
                "training.learning_rate",
                format!("must be above 0 and at most 10, got {}", t.learning_rate),
            ));
        }
        if t.batch_size == 0 || t.batch_size > limits::MAX_BATCH {
            return Err(Error::spec(
                "training.batch_size",
                format!("must be 1 to {}, got {}", limits::MAX_BATCH, t.batch_size),
            ));
        }
        if !(t.l2.is_finite() && (0.0..=10.0).contains(&t.l2)) {
            return Err(Error::spec("training.l2", format!("must be between 0 and 10, got {}", t.l2)));
        }
        if let Schedule::StepDecay { every, factor } = t.schedule {
            if every == 0 || !(factor > 0.0 && factor <= 1.0) {
                return Err(Error::spec(
                    "training.schedule",
                    format!("step decay needs every ≥ 1 epoch and 0 < factor ≤ 1, got every {every}, factor {factor}"),
                ));
            }
        }
        if !(t.l1.is_finite() && (0.0..=10.0).contains(&t.l1)) {
            return Err(Error::spec("training.l1", format!("must be between 0 and 10, got {}", t.l1)));
        }
        if !(t.clip_norm.is_finite() && t.clip_norm >= 0.0) {
            return Err(Error::spec("training.clip_norm", format!("must be 0 (off) or positive, got {}", t.clip_norm)));
        }
        if t.patience > 0 && self.data.validation_fraction == 0.0 {
            return Err(Error::spec(
                "training.patience",
                "early stopping watches the validation loss: set a validation share above 0 first",
            ));
        }
        if t.epochs == 0 || t.epochs > limits::MAX_EPOCHS {
            return Err(Error::spec(
                "training.epochs",
                format!("must be 1 to {}, got {}", limits::MAX_EPOCHS, t.epochs),
            ));
        }
        if let Some(w) = &t.class_weight {
            w.validate()?;
            if let Some(learner) = &m.learner {
                return Err(Error::spec(
                    class_weight::FIELD,
                    format!(
                        "class weights apply to networks for now, not to {} models yet: remove \
                         training.class_weight or train a network",
                        learner.family()
                    ),
                ));
            }
        }
        Ok(())
    }
}
