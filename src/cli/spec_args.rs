//! How `lantern run`/`spec`'s flags become an experiment spec: the data they name, the model and
//! training settings, and the parsers of the flags with parameters (loss, schedule).

use super::*;

impl SpecArgs {
    /// The table of a data file's bytes, the way `--data` reads it (notes go to stderr).
    pub(super) fn table_of(bytes: &[u8]) -> Result<Table> {
        let loaded = read_csv(bytes, &ReadOptions::default())?;
        for n in &loaded.notices {
            eprintln!("lantern: note: {}", n.message);
        }
        Ok(loaded.table)
    }

    /// The spec `spec` prints: with the table defaults for `--builtin` (a `--data` file is not
    /// read here).
    pub(super) fn resolve(&self) -> Result<ExperimentSpec> {
        let (spec, _) = self.resolve_link()?;
        match self.table_defaults(&spec, None)? {
            Some(d) => {
                let (spec, _) = self.resolve_with(Some(&d))?;
                defaults::note(&d, &spec);
                Ok(spec)
            }
            None => {
                spec.validate()?;
                Ok(spec)
            }
        }
    }

    /// The spec (from `--spec`, then the flags), and the share link it came from, if any.
    pub(super) fn resolve_link(&self) -> Result<(ExperimentSpec, Option<crate::spec::link::ShareLink>)> {
        self.resolve_with(None)
    }

    /// The defaults for the table a run without `--spec` trains on — the `--data` file (`file`,
    /// once read) or the `--builtin` table — chosen from its rows and the task of `spec`, the
    /// spec the flags describe without them. `None` with `--spec` (a spec, a link or an
    /// experiment file states its own settings) and for generated data.
    pub(super) fn table_defaults(&self, spec: &ExperimentSpec, file: Option<&Table>) -> Result<Option<TableDefaults>> {
        if self.spec.is_some() {
            return Ok(None);
        }
        let p = &spec.data.prepare;
        let shape = match (&spec.data.source, file) {
            (_, Some(table)) if self.data.is_some() => TableShape::of_table(table, p.target.as_deref(), p.task),
            (DataSource::Builtin { name }, _) if self.builtin.is_some() => {
                TableShape::of_table(&builtin_table(name)?, p.target.as_deref(), p.task)
            }
            _ => return Ok(None),
        };
        Ok(Some(TableDefaults::for_table(shape)))
    }

    /// The spec from `--spec` (or the built-in experiment), then `defaults` if given, then
    /// the flags, each overriding one field; and the share link it came from, if any.
    pub(super) fn resolve_with(
        &self,
        defaults: Option<&TableDefaults>,
    ) -> Result<(ExperimentSpec, Option<crate::spec::link::ShareLink>)> {
        let (mut s, link) = link::source(self.spec.as_deref())?;
        if let Some(d) = defaults {
            d.apply(&mut s);
        }
        if let Some(g) = self.dataset {
            s.data.set_synthetic(Some(g), None, None);
        }
        s.model.activation = self.activation.unwrap_or(s.model.activation);
        s.training.optimizer = self.optimizer.unwrap_or(s.training.optimizer);
        if let Some(v) = &self.hidden {
            s.model.hidden = v
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| p.parse().map_err(|_| Error::spec("model.hidden", format!("`{p}` is not a layer width"))))
                .collect::<Result<_>>()?;
        }
        s.model.dropout = self.dropout.unwrap_or(s.model.dropout);
        s.training.loss = self.loss.unwrap_or(s.training.loss);
        if let Some(w) = &self.class_weight {
            s.training.class_weight = Some(w.clone());
        }
        if self.points.is_some() || self.noise.is_some() {
            s.data.set_synthetic(None, self.points, self.noise);
        }
        if let Some(name) = &self.builtin {
            let target = crate::data::builtin::builtin(name).map(|b| b.target.to_string());
            s.data.source = DataSource::Builtin { name: name.clone() };
            s.data.prepare.target = target;
        }
        if let Some(t) = &self.target {
            s.data.prepare.target = Some(t.clone());
        }
        s.data.prepare.task = self.task.unwrap_or(s.data.prepare.task);
        s.data.validation_fraction = self.validation_fraction.unwrap_or(s.data.validation_fraction);
        s.training.schedule = self.schedule.unwrap_or(s.training.schedule);
        s.training.clip_norm = self.clip_norm.unwrap_or(s.training.clip_norm);
        s.training.l1 = self.l1.unwrap_or(s.training.l1);
        s.training.patience = self.patience.unwrap_or(s.training.patience);
        s.data.train_fraction = self.train_fraction.unwrap_or(s.data.train_fraction);
        s.training.learning_rate = self.lr.unwrap_or(s.training.learning_rate);
        s.training.batch_size = self.batch_size.unwrap_or(s.training.batch_size);
        s.training.l2 = self.l2.unwrap_or(s.training.l2);
        s.training.epochs = self.epochs.unwrap_or(s.training.epochs);
        s.seed = self.seed.unwrap_or(s.seed);
        match (self.model, s.model.learner.take()) {
            (Some(m), _) => self.apply_model(&mut s, m)?,
            // A spec (or link) with a learner: the flags change its settings.
            (None, Some(learner)) => s.model.learner = Some(Box::new(self.learner_settings(*learner)?)),
            (None, None) => self.refuse_learner_flags("the spec's")?,
        }
        if defaults.is_some() {
            self.settle_split(&mut s);
        }
        // Checked here unless a table's defaults are still to come (`--builtin`, `--data`
        // without `--spec`): the flags may only make sense on top of them (`--patience` needs
        // the validation share the defaults set), and the caller checks the spec then.
        let defaults_to_come =
            defaults.is_none() && self.spec.is_none() && (self.builtin.is_some() || self.data.is_some());
        if !defaults_to_come {
            s.validate()?;
        }
        Ok((s, link))
    }

    /// A default split that the flags made impossible gives way: with `--train-fraction` above
    /// 0.85 the default validation share shrinks (to whole percent) to leave at least 5 % for testing, and without a
    /// validation share (`--validation-fraction 0`, or none left) early stopping is off unless
    /// `--patience` asks for it (and the spec's check then says why it cannot).
    pub(super) fn settle_split(&self, s: &mut ExperimentSpec) {
        let d = &mut s.data;
        if self.validation_fraction.is_none() && d.train_fraction + d.validation_fraction > 0.95 {
            d.validation_fraction = (((0.95 - d.train_fraction) * 100.0).floor() / 100.0).max(0.0);
        }
        if self.patience.is_none() && d.validation_fraction == 0.0 {
            s.training.patience = 0;
        }
    }
}

/// `--loss`: a loss kind's name ([`LossKind`]), Huber with `:DELTA` (default
/// [`RegressionLoss::DEFAULT_HUBER_DELTA`]).
pub(super) fn parse_loss(v: &str) -> Result<RegressionLoss> {
    let bad = || Error::spec("training.loss", format!("`{v}`: use {} (huber:DELTA sets δ)", names::<LossKind>()));
    let (kind, params) = kind_and_parameters::<LossKind>(v)?;
    match (kind, params.as_slice()) {
        (LossKind::Huber, [delta]) => Ok(RegressionLoss::Huber { delta: delta.parse().map_err(|_| bad())? }),
        (kind, []) => Ok(RegressionLoss::default().with_kind(kind)),
        _ => Err(bad()),
    }
}

/// `--schedule`: a schedule kind's name ([`ScheduleKind`]), step decay with `:EVERY:FACTOR`
/// (default [`Schedule::DEFAULT_STEP_DECAY`]). `step` is short for `step_decay`.
pub(super) fn parse_schedule(v: &str) -> Result<Schedule> {
    let bad = || {
        let use_ = names::<ScheduleKind>();
        Error::spec("training.schedule", format!("`{v}`: use {use_} (step_decay:EVERY:FACTOR sets its parameters)"))
    };
    let long = v.strip_prefix("step").filter(|rest| rest.is_empty() || rest.starts_with(':'));
    let (kind, params) = match long {
        Some(rest) => kind_and_parameters::<ScheduleKind>(&format!("step_decay{rest}"))?,
        None => kind_and_parameters::<ScheduleKind>(v)?,
    };
    match (kind, params.as_slice()) {
        (ScheduleKind::StepDecay, [every, factor]) => Ok(Schedule::StepDecay {
            every: every.parse().map_err(|_| bad())?,
            factor: factor.parse().map_err(|_| bad())?,
        }),
        (kind, []) => Ok(Schedule::default().with_kind(kind)),
        _ => Err(bad()),
    }
}

/// `KIND[:P1:P2…]`: the kind from `T`'s table and the parameters as text.
pub(super) fn kind_and_parameters<T: Choice>(v: &str) -> Result<(T, Vec<String>)> {
    let mut parts = v.split(':');
    let kind = T::parse(parts.next().unwrap_or_default())?;
    Ok((kind, parts.map(str::to_string).collect()))
}

/// "a, b, c": the names in `T`'s table.
pub(super) fn names<T: Choice>() -> String {
    T::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
}
