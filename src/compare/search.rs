//! Hyper-parameter search over ranges a person sets: the driver between
//! [`crate::validate::search`] (which proposes settings) and the runs (which score them).
//!
//! A [`SearchPlan`] is one to three [`SearchRange`]s over the settings a grid can vary
//! ([`Param`], numbers only: learning rate, hidden width, epochs, batch size, dropout, L2, trees,
//! depth, rounds, k …), a budget of runs, a [`SearchMethod`] and a [`Scoring`]. A [`Search`]
//! turns each proposal into an [`ExperimentSpec`] through [`Param::apply`] — the same path a grid
//! point takes — so each run is an ordinary [`Job`] that replays exactly.
//!
//! # Batches and determinism
//! TPE's proposals depend on the scores observed, so the search goes by batches:
//! [`Search::next_batch`] proposes [`SearchPlan::batch`] settings from the history so far, the
//! driver runs them (in any order, on any number of workers) and [`Search::observe`]s every score,
//! then asks for the next batch. Proposal `i` depends only on the seed (the experiment's), `i` and
//! the trials observed before its batch, and trials are kept in proposal order, so the same plan
//! gives the same proposals, scores and ranking whatever order the runs finish in. Random search
//! ignores the history: its batch is the whole budget.

use super::plan::Param;
use super::Job;
use crate::choice::Choice;
use crate::error::{Error, Result};
use crate::spec::ExperimentSpec;
use crate::train::EpochMetrics;
use crate::validate::search::{Method, Range, Setting, TpeSettings, Trial, Tuner, Value};
use crate::validate::Better;

/// Most runs in one search.
pub const MAX_SEARCH_RUNS: usize = 200;

/// Most settings one search varies.
pub const MAX_SEARCH_RANGES: usize = 3;

/// Runs proposed together by TPE (observed together before the next batch).
pub const TPE_BATCH: usize = 4;

/// How settings are proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchMethod {
    /// Every setting drawn at random within its range.
    Random,
    /// Tree-structured Parzen estimators: towards the settings that scored well.
    Tpe,
}

crate::choices!(SearchMethod, "search.method", {
    Random => "random", "random search";
    Tpe => "tpe", "TPE (learns from the scores)";
});

/// What a run of the search is scored by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scoring {
    /// Validation accuracy (classes) or validation R² (numbers) after the last epoch: higher is
    /// better. Needs a validation share.
    Validation,
    /// Validation loss after the last epoch: lower is better.
    ValidationLoss,
    /// The mean over `k` folds of the test accuracy (classes) or R² (numbers) of a
    /// cross-validation of each setting (tables only): higher is better.
    CrossValidated(usize),
}

impl Scoring {
    /// Which way the score is better.
    pub fn better(self) -> Better {
        match self {
            Scoring::ValidationLoss => Better::Lower,
            _ => Better::Higher,
        }
    }

    /// The score in words ("validation accuracy or R²").
    pub fn describe(self) -> String {
        match self {
            Scoring::Validation => "validation accuracy or R²".into(),
            Scoring::ValidationLoss => "validation loss".into(),
            Scoring::CrossValidated(k) => format!("{k}-fold mean accuracy or R²"),
        }
    }

    /// The score of a run from its last epoch's metrics (NaN for [`Scoring::CrossValidated`],
    /// which the driver computes from the folds, and when the run has no validation set).
    pub fn of_epoch(self, last: Option<&EpochMetrics>) -> f64 {
        let Some(m) = last else { return f64::NAN };
        match self {
            Scoring::Validation => m.validation_accuracy.or(m.validation_r2).unwrap_or(f64::NAN),
            Scoring::ValidationLoss => m.validation_loss.unwrap_or(f64::NAN),
            Scoring::CrossValidated(_) => f64::NAN,
        }
    }
}

/// One setting's range: `lo ..= hi`, on a log scale when `log`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchRange {
    /// The setting varied.
    pub param: Param,
    /// Smallest value.
    pub lo: f64,
    /// Largest value.
    pub hi: f64,
    /// Every factor as likely (learning rates, L2).
    pub log: bool,
}

impl SearchRange {
    /// Whether `param` takes whole numbers (`None`: it cannot be searched over a range).
    pub fn whole(param: Param) -> Option<bool> {
        use Param as P;
        match param {
            P::LearningRate | P::L2 | P::L1 | P::Dropout | P::VarSmoothing => Some(false),
            P::BatchSize
            | P::Epochs
            | P::Hidden
            | P::Trees
            | P::Rounds
            | P::MaxDepth
            | P::MinSamplesLeaf
            | P::MaxLeaves
            | P::Neighbours => Some(true),
            P::Optimizer | P::Activation | P::MaxFeatures => None,
        }
    }

    /// A range to start from for `param` (what a menu fills in when it is picked).
    pub fn suggest(param: Param) -> SearchRange {
        use Param as P;
        let (lo, hi, log) = match param {
            P::LearningRate => (1e-4, 0.3, true),
            P::L2 | P::L1 => (1e-6, 0.1, true),
            P::Dropout => (0.0, 0.5, false),
            P::VarSmoothing => (1e-12, 1e-3, true),
            P::BatchSize => (8.0, 128.0, true),
            P::Epochs => (20.0, 300.0, false),
            P::Hidden => (4.0, 64.0, false),
            P::Trees => (10.0, 200.0, false),
            P::Rounds => (20.0, 300.0, false),
            P::MaxDepth => (2.0, 12.0, false),
            P::MinSamplesLeaf => (1.0, 20.0, false),
            P::MaxLeaves => (4.0, 63.0, false),
            P::Neighbours => (1.0, 30.0, false),
            P::Optimizer | P::Activation | P::MaxFeatures => (1.0, 2.0, false),
        };
        SearchRange { param, lo, hi, log }
    }

    /// Parses `NAME=LO..HI` or `NAME=LO..HI:log` (`lr=1e-4..1e-1:log`, `hidden=4..64`). `NAME`
    /// is a grid setting's name (`learning_rate`, `max_depth` …) or a short one (`lr`, `batch`,
    /// `depth`, `leaf`, `leaves`).
    ///
    /// # Errors
    /// [`Error::Plan`] saying the expected form, for an unknown or non-numeric setting, or bad
    /// bounds.
    pub fn parse(text: &str) -> Result<Self> {
        let form = "write a range as NAME=LO..HI or NAME=LO..HI:log, e.g. lr=1e-4..1e-1:log";
        let (name, rest) = text.split_once('=').ok_or_else(|| Error::Plan(format!("`{text}`: {form}")))?;
        let (bounds, log) = match rest.rsplit_once(':') {
            Some((b, "log")) => (b, true),
            Some((_, other)) => return Err(Error::Plan(format!("`{text}`: unknown scale `{other}` ({form})"))),
            None => (rest, false),
        };
        let (lo, hi) = bounds.split_once("..").ok_or_else(|| Error::Plan(format!("`{text}`: {form}")))?;
        let number = |v: &str| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| Error::Plan(format!("`{text}`: `{v}` is not a number ({form})")))
        };
        let param = param_named(name.trim())?;
        let range = SearchRange { param, lo: number(lo)?, hi: number(hi)?, log };
        range.check()?;
        Ok(range)
    }

    /// Checks the bounds: numbers, `lo < hi`, whole numbers ≥ 1 for counts, `lo > 0` on a log
    /// scale.
    ///
    /// # Errors
    /// [`Error::Plan`] naming the setting and what is allowed.
    pub fn check(&self) -> Result<()> {
        let label = self.param.label();
        let whole = Self::whole(self.param).ok_or_else(|| {
            Error::Plan(format!("{label} is a choice, not a number: compare its options with a grid search"))
        })?;
        if !(self.lo.is_finite() && self.hi.is_finite() && self.lo < self.hi) {
            return Err(Error::Plan(format!("{label}: give a smallest value below the largest")));
        }
        if whole && (self.lo < 1.0 || self.lo.fract() != 0.0 || self.hi.fract() != 0.0) {
            return Err(Error::Plan(format!("{label}: give whole numbers from 1 up")));
        }
        if self.log && self.lo <= 0.0 {
            return Err(Error::Plan(format!("{label}: a log scale needs a smallest value above 0")));
        }
        Ok(())
    }

    fn space(&self) -> crate::validate::Param {
        let range = if Self::whole(self.param) == Some(true) {
            Range::Int { lo: self.lo as i64, hi: self.hi as i64, log: self.log }
        } else {
            Range::Float { lo: self.lo, hi: self.hi, log: self.log }
        };
        crate::validate::Param { name: self.param.name().to_string(), range }
    }
}

/// The setting `name` names: a grid parameter's name or a short one.
fn param_named(name: &str) -> Result<Param> {
    let lower = name.to_lowercase();
    let alias = match lower.as_str() {
        "lr" => Some(Param::LearningRate),
        "batch" => Some(Param::BatchSize),
        "depth" => Some(Param::MaxDepth),
        "leaf" => Some(Param::MinSamplesLeaf),
        "leaves" => Some(Param::MaxLeaves),
        "width" => Some(Param::Hidden),
        _ => None,
    };
    if let Some(p) = alias {
        return Ok(p);
    }
    Param::parse(&lower).map_err(|_| {
        let names: Vec<&str> =
            Param::ALL.iter().filter(|p| SearchRange::whole(**p).is_some()).map(|p| p.name()).collect();
        Error::Plan(format!("`{name}` is not a setting a search can vary: use one of lr, {}", names.join(", ")))
    })
}

/// A search: its ranges, budget, method and scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPlan {
    /// One to [`MAX_SEARCH_RANGES`] ranges, each over a different setting.
    pub ranges: Vec<SearchRange>,
    /// Runs in all, 1 to [`MAX_SEARCH_RUNS`].
    pub budget: usize,
    /// How settings are proposed.
    pub method: SearchMethod,
    /// What a run is scored by.
    pub scoring: Scoring,
}

impl SearchPlan {
    /// Proposals per batch: the whole budget for random search, [`TPE_BATCH`] for TPE.
    pub fn batch(&self) -> usize {
        match self.method {
            SearchMethod::Random => self.budget,
            SearchMethod::Tpe => TPE_BATCH,
        }
    }
}

/// Parses `random:40` or `tpe:40` (the budget may be left out: 20).
///
/// # Errors
/// [`Error::Plan`] for another method or a budget that is not 1 to [`MAX_SEARCH_RUNS`].
pub fn parse_method(text: &str) -> Result<(SearchMethod, usize)> {
    let (name, budget) = text.split_once(':').unwrap_or((text, "20"));
    let method = SearchMethod::parse(&name.trim().to_lowercase())
        .map_err(|_| Error::Plan(format!("`{text}`: write random:N or tpe:N (N runs, e.g. tpe:40)")))?;
    let budget = budget
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|b| (1..=MAX_SEARCH_RUNS).contains(b))
        .ok_or_else(|| Error::Plan(format!("`{text}`: the number of runs must be 1 to {MAX_SEARCH_RUNS}")))?;
    Ok((method, budget))
}

/// One proposal, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// Proposal number (0-based).
    pub index: usize,
    /// The values, one per range.
    pub setting: Setting,
    /// The experiment it runs, labelled "#3 lr 0.0123 · hidden 17".
    pub job: Job,
}

/// A search in progress over one experiment (see the module doc for batches).
#[derive(Clone, Debug)]
pub struct Search {
    plan: SearchPlan,
    base: ExperimentSpec,
    tuner: Tuner,
    proposed: usize,
}

impl Search {
    /// A search around `spec`, seeded by `spec.seed`.
    ///
    /// # Errors
    /// [`Error::Plan`] for no range or more than [`MAX_SEARCH_RANGES`], a setting given twice, a
    /// setting that is not the model's own ([`Param::fits`]), bad bounds, or a budget outside
    /// 1 to [`MAX_SEARCH_RUNS`]; the spec's own validation error.
    pub fn new(spec: &ExperimentSpec, plan: SearchPlan) -> Result<Self> {
        spec.validate()?;
        if plan.ranges.is_empty() || plan.ranges.len() > MAX_SEARCH_RANGES {
            return Err(Error::Plan(format!("search over 1 to {MAX_SEARCH_RANGES} settings (give a range for each)")));
        }
        if !(1..=MAX_SEARCH_RUNS).contains(&plan.budget) {
            return Err(Error::Plan(format!("a search runs 1 to {MAX_SEARCH_RUNS} times, got {}", plan.budget)));
        }
        for (i, r) in plan.ranges.iter().enumerate() {
            r.check()?;
            if plan.ranges[..i].iter().any(|o| o.param == r.param) {
                return Err(Error::Plan(format!("{} has two ranges: give one", r.param.label())));
            }
            if !r.param.fits(spec.model.learner.as_deref()) {
                let model = spec.model.learner.as_ref().map_or("network".to_string(), |l| l.describe());
                return Err(Error::Plan(format!(
                    "{} is not a setting of a {model}: search one of its own settings, or choose another model",
                    r.param.label()
                )));
            }
        }
        let method = match plan.method {
            SearchMethod::Random => Method::Random,
            SearchMethod::Tpe => Method::Tpe(TpeSettings::default()),
        };
        let space = plan.ranges.iter().map(SearchRange::space).collect();
        let tuner = Tuner::new(space, method, plan.scoring.better(), spec.seed)?;
        Ok(Search { plan, base: spec.clone(), tuner, proposed: 0 })
    }

    /// The plan.
    pub fn plan(&self) -> &SearchPlan {
        &self.plan
    }

    /// The next batch of proposals (empty once the budget is spent). Run them all and
    /// [`Search::observe`] every score before asking again.
    ///
    /// # Errors
    /// [`Error::Plan`] when a proposed value makes an invalid experiment (named).
    pub fn next_batch(&mut self) -> Result<Vec<Proposal>> {
        let n = self.plan.batch().min(self.plan.budget.saturating_sub(self.proposed));
        self.proposed += n;
        self.tuner
            .propose_batch(n)
            .into_iter()
            .map(|(index, setting)| {
                let job = self.job(index, &setting)?;
                Ok(Proposal { index, setting, job })
            })
            .collect()
    }

    /// Records proposal `index`'s score (NaN for a failed run: it ranks last).
    pub fn observe(&mut self, proposal: &Proposal, score: f64) {
        self.tuner.observe(proposal.index, proposal.setting.clone(), score);
    }

    /// The trials observed, best first (failed runs last; ties in proposal order).
    pub fn ranked(&self) -> Vec<&Trial> {
        let better = self.plan.scoring.better();
        let mut trials: Vec<&Trial> = self.tuner.history().iter().collect();
        trials.sort_by(|a, b| match (a.score.is_finite(), b.score.is_finite()) {
            (true, true) if better.beats(a.score, b.score) => std::cmp::Ordering::Less,
            (true, true) if better.beats(b.score, a.score) => std::cmp::Ordering::Greater,
            (true, false) => std::cmp::Ordering::Less,
            (false, true) => std::cmp::Ordering::Greater,
            _ => a.index.cmp(&b.index),
        });
        trials
    }

    /// The best trial so far.
    pub fn best(&self) -> Option<&Trial> {
        self.tuner.best()
    }

    /// The values of `setting` as they are written into the spec, one per range.
    pub fn values(&self, setting: &Setting) -> Vec<String> {
        self.plan.ranges.iter().zip(setting).map(|(r, v)| value_text(&self.base, r.param, v)).collect()
    }

    /// "lr 0.0123 · hidden 17".
    pub fn describe(&self, setting: &Setting) -> String {
        let parts: Vec<String> = self
            .plan
            .ranges
            .iter()
            .zip(self.values(setting))
            .map(|(r, v)| format!("{} {v}", r.param.short()))
            .collect();
        parts.join(" · ")
    }

    /// The experiment of `setting`: the base spec with each value applied.
    ///
    /// # Errors
    /// [`Error::Plan`] when a value makes an invalid experiment (named).
    pub fn spec_of(&self, setting: &Setting) -> Result<ExperimentSpec> {
        let mut s = self.base.clone();
        for (r, v) in self.plan.ranges.iter().zip(self.values(setting)) {
            r.param.apply(&mut s, &v)?;
        }
        s.validate().map_err(|e| Error::Plan(format!("{}: {e}", self.describe(setting))))?;
        Ok(s)
    }

    fn job(&self, index: usize, setting: &Setting) -> Result<Job> {
        Ok(Job {
            label: format!("#{} {}", index + 1, self.describe(setting)),
            spec: self.spec_of(setting)?,
            group: None,
        })
    }
}

/// Runs a whole search with `score` (which trains one job and returns its score; NaN when the
/// run failed), batch by batch, and returns it finished.
///
/// # Errors
/// As [`Search::next_batch`]; the first error `score` returns.
pub fn run_search(mut search: Search, mut score: impl FnMut(&Proposal) -> Result<f64>) -> Result<Search> {
    loop {
        let batch = search.next_batch()?;
        if batch.is_empty() {
            return Ok(search);
        }
        for p in &batch {
            let s = score(p)?;
            search.observe(p, s);
        }
    }
}

/// A value as [`Param::apply`] takes it: floats to 3 significant digits; a hidden width keeps
/// the base's number of layers (at least one), each that wide.
fn value_text(base: &ExperimentSpec, param: Param, v: &Value) -> String {
    match *v {
        Value::Float(x) => format!("{x:.2e}").parse::<f64>().unwrap_or(x).to_string(),
        Value::Int(n) if param == Param::Hidden => {
            let layers = base.model.hidden.len().max(1);
            vec![n.to_string(); layers].join("-")
        }
        Value::Int(n) => n.to_string(),
        Value::Choice(i) => i.to_string(),
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
