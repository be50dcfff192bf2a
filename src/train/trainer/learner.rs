//! The families that are not networks, in the one training loop: a tree, k-NN and naive Bayes
//! are fitted in one step; a forest grows one tree per step and boosting fits one round per
//! step, so their curves draw as they learn and a stop keeps what is fitted.
//!
//! Each step is scored like a network's epoch: the mean loss (cross-entropy `−ln p(true
//! class)` with p clamped to 1e−15, or the squared error on the prepared target) and accuracy
//! or R² on the training, test and validation rows. A forest's and a booster's outputs on
//! those rows are kept up to date as trees are added ([`ForestGrower::watch`]), so a step costs
//! one tree's predictions, not the whole ensemble's.

use crate::data::{Dataset, Task};
use crate::error::Result;
use crate::learn::{self, Booster, ForestGrower, Matrix, Model, Predictor};
use crate::spec::learner::LearnerSpec;
use crate::train::evaluation::r2;
use crate::train::metrics::accuracy;

/// A learner being fitted.
pub struct LearnerRun {
    spec: LearnerSpec,
    fit: Fit,
    steps: usize,
}

impl std::fmt::Debug for LearnerRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LearnerRun").field("family", &self.spec.family()).field("steps", &self.steps).finish()
    }
}

/// Where the fitting stands.
enum Fit {
    /// A family fitted in one step, before it.
    Pending,
    /// Fitted in one step, with its output on the test rows (the evaluation reads it again:
    /// a k-NN model on a big table takes seconds to predict them).
    Fitted(Model, Vec<f64>),
    /// A forest growing; the watched rows: training, test, validation.
    Forest(Box<ForestGrower>, [usize; 3]),
    /// Boosting; the watched rows: training, test, validation.
    Boosting(Box<Booster>, [usize; 3]),
}

/// The loss and score of one part of the data.
pub type PartScore = (f64, f64);

impl LearnerRun {
    /// Prepares to fit `spec` on `train` (validation rows for boosting's early stopping).
    ///
    /// # Errors
    /// [`crate::Error::Spec`] for settings the data cannot take, [`crate::Error::Data`] for rows
    /// that do not fit.
    pub fn new(spec: &LearnerSpec, seed: u64, train: &Dataset, test: &Dataset, validation: &Dataset) -> Result<Self> {
        let x = matrix(train)?;
        let task = train.task;
        let watch_all = |watch: &mut dyn FnMut(Matrix) -> Result<usize>| -> Result<[usize; 3]> {
            Ok([watch(x)?, watch(matrix(test)?)?, watch(matrix(validation)?)?])
        };
        let fit = match spec {
            LearnerSpec::Forest(f) => {
                let mut grower = ForestGrower::new(x, &train.y, task, &f.settings(task, seed))?;
                let watched = watch_all(&mut |m| grower.watch(m))?;
                Fit::Forest(Box::new(grower), watched)
            }
            LearnerSpec::Boosting(b) => {
                let held_rows = validation.rows() > 0;
                let held = held_rows.then(|| matrix(validation).map(|m| (m, validation.y.as_slice())));
                let held = held.transpose()?;
                let settings = b.settings();
                if settings.early_stopping.is_some() && held.is_none() {
                    return Err(crate::Error::spec(
                        "model.learner.early_stopping",
                        "early stopping watches the validation rows: set a validation share (data.validation_fraction)",
                    ));
                }
                let mut booster = Booster::new(x, &train.y, task, &settings, held)?;
                // The training and validation rows' scores are the booster's own: watching them
                // again would walk every tree of every round over them.
                let validation =
                    if held_rows { Booster::VALIDATION_ROWS } else { booster.watch(matrix(validation)?)? };
                let watched = [Booster::TRAINING_ROWS, booster.watch(matrix(test)?)?, validation];
                Fit::Boosting(Box::new(booster), watched)
            }
            _ => Fit::Pending,
        };
        Ok(Self { spec: spec.clone(), fit, steps: 0 })
    }

    /// The settings.
    pub fn spec(&self) -> &LearnerSpec {
        &self.spec
    }

    /// Steps taken (trees grown, rounds fitted, or 1 once a one-step family is fitted).
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Whether fitting is over: every step taken, or boosting stopped early.
    pub fn is_done(&self) -> bool {
        match &self.fit {
            Fit::Pending => false,
            Fit::Fitted(..) => true,
            Fit::Forest(g, _) => g.is_done(),
            Fit::Boosting(b, _) => b.is_done(),
        }
    }

    /// With boosting's early stopping, the round whose model is kept, once fitting stopped.
    pub fn stopped_at(&self) -> Option<usize> {
        match &self.fit {
            Fit::Boosting(b, _) if b.is_done() && self.steps < self.spec.steps() => b.best_round(),
            _ => None,
        }
    }

    /// Takes the next step and scores it on the three parts of the data.
    ///
    /// # Errors
    /// As fitting the family can fail (settings the data cannot take).
    pub fn step(
        &mut self,
        seed: u64,
        train: &Dataset,
        test: &Dataset,
        validation: &Dataset,
    ) -> Result<(PartScore, PartScore, Option<PartScore>)> {
        let task = train.task;
        let parts = [train, test, validation];
        let mut trained = None;
        let mut trained_rows = train.rows();
        let outputs: [Vec<f64>; 3] = match &mut self.fit {
            Fit::Pending | Fit::Fitted(..) => {
                let model = fit_at_once(&self.spec, seed, train)?;
                let scored = scored_training_rows(&model, train.rows());
                let train_x = &train.x[..scored * train.width()];
                trained_rows = scored;
                let out = [
                    output(&model, train_x, task)?,
                    output(&model, &test.x, task)?,
                    output(&model, &validation.x, task)?,
                ];
                self.fit = Fit::Fitted(model, out[1].clone());
                out
            }
            Fit::Forest(grower, ids) => {
                grower.add_tree();
                ids.map(|id| grower.watched_output(id).unwrap_or_default())
            }
            Fit::Boosting(booster, ids) => {
                booster.fit_round();
                // A classifier's training rows were scored while the round was fitted (the
                // same sums part_score makes), so their outputs are not needed here.
                let (loss, accuracy) = booster.training_fit();
                trained = accuracy.map(|accuracy| (loss, accuracy));
                let [train_id, test_id, validation_id] = *ids;
                let train_id = if trained.is_some() { None } else { Some(train_id) };
                [train_id, Some(test_id), Some(validation_id)]
                    .map(|id| id.and_then(|id| booster.watched_output(id)).unwrap_or_default())
            }
        };
        self.steps += 1;
        let score = |i: usize| {
            part_score(task, &outputs[i], &parts[i].y[..if i == 0 { trained_rows } else { parts[i].rows() }])
        };
        let validation = (validation.rows() > 0).then(|| score(2));
        Ok((trained.unwrap_or_else(|| score(0)), score(1), validation))
    }

    /// The model as it stands (every tree or round so far; with early stopping, up to the best
    /// round), or `None` before a one-step family's step.
    pub fn model(&self) -> Option<Model> {
        match &self.fit {
            Fit::Pending => None,
            Fit::Fitted(m, _) => Some(m.clone()),
            Fit::Forest(g, _) => Some(Model::Forest(g.forest())),
            Fit::Boosting(b, _) => Some(Model::Boosting(b.model())),
        }
    }

    /// The fitted decision tree, when the model is one (borrowed: [`LearnerRun::model`] clones).
    pub fn tree(&self) -> Option<&learn::DecisionTree> {
        match &self.fit {
            Fit::Fitted(Model::Tree(t), _) => Some(t),
            _ => None,
        }
    }

    /// Class probabilities (rows × classes) or values of `rows` rows of `x`; `None` before the
    /// first step.
    pub fn output(&self, x: &[f32], rows: usize, width: usize) -> Result<Option<Vec<f64>>> {
        let m = Matrix::new(x, rows, width)?;
        // A growing ensemble predicts in place: copying it for every picture cost a forest of a
        // big table tens of megabytes per progress event.
        Ok(Some(match &self.fit {
            Fit::Pending => return Ok(None),
            Fit::Forest(grower, _) => grower.output(m)?,
            Fit::Boosting(booster, _) => booster.output(m)?,
            Fit::Fitted(model, _) => match model.task() {
                Task::Regression => model.predict(m)?.into_iter().map(f64::from).collect(),
                Task::Classification { .. } => model.predict_proba(m)?,
            },
        }))
    }

    /// Class probabilities (rows × classes) or values of the test rows `test`, as
    /// [`LearnerRun::output`] gives them (a model fitted in one step kept them from its
    /// step); `None` before the first step.
    pub fn test_output(&self, test: &Dataset) -> Result<Option<Vec<f64>>> {
        match &self.fit {
            Fit::Fitted(_, out) => Ok(Some(out.clone())),
            _ => self.output(&test.x, test.rows(), test.width()),
        }
    }

    /// Nodes of every tree (a size to report, as a network reports its parameters), or the
    /// numbers a k-NN or naive Bayes model keeps.
    pub fn size(&self) -> usize {
        match self.model() {
            None => 0,
            Some(Model::Tree(t)) => t.tree.nodes.len(),
            Some(Model::Forest(f)) => f.trees.iter().map(|t| t.nodes.len()).sum(),
            Some(Model::Boosting(b)) => b.rounds.iter().flatten().map(|t| t.nodes.len()).sum(),
            Some(Model::Knn(k)) => k.x.len() + k.y.len(),
            Some(Model::Bayes(b)) => b.priors.len() + b.means.len() + b.variances.len(),
        }
    }
}

fn matrix(d: &Dataset) -> Result<Matrix<'_>> {
    Matrix::new(&d.x, d.rows(), d.width())
}

/// Fits a family that takes one step.
fn fit_at_once(spec: &LearnerSpec, seed: u64, train: &Dataset) -> Result<Model> {
    let (x, y, task) = (matrix(train)?, train.y.as_slice(), train.task);
    Ok(match spec {
        LearnerSpec::Tree(t) => Model::Tree(learn::DecisionTree::fit(x, y, task, &t.settings(task, seed))?),
        LearnerSpec::Knn(k) => Model::Knn(learn::KNearest::fit(x, y, task, &k.settings())?),
        LearnerSpec::Bayes(b) => Model::Bayes(learn::GaussianNb::fit(x, y, task, &b.settings())?),
        LearnerSpec::Forest(f) => Model::Forest(learn::RandomForest::fit(x, y, task, &f.settings(task, seed))?),
        LearnerSpec::Boosting(b) => Model::Boosting(learn::BoostedTrees::fit(x, y, task, &b.settings(), None)?),
    })
}

/// The model's output on rows `x` (row-major, the model's width): probabilities (rows ×
/// classes) or values.
fn output(model: &Model, x: &[f32], task: Task) -> Result<Vec<f64>> {
    let width = model.width();
    if x.is_empty() || width == 0 {
        return Ok(Vec::new());
    }
    let m = Matrix::new(x, x.len() / width, width)?;
    match task {
        Task::Regression => Ok(model.predict(m)?.into_iter().map(f64::from).collect()),
        Task::Classification { .. } => model.predict_proba(m),
    }
}

/// Most training rows a k-NN model's training score is measured on, each step: predicting a
/// row costs a pass over every training row, so scoring all of a 100,000-row table would take
/// minutes (and says little: every row is its own nearest neighbour).
pub const KNN_SCORED_ROWS: usize = 2_000;

/// How many of the training rows (the first ones; the split has shuffled them) a model fitted
/// in one step is scored on: all, or [`KNN_SCORED_ROWS`] for k-NN.
fn scored_training_rows(model: &Model, rows: usize) -> usize {
    match model {
        Model::Knn(_) => rows.min(KNN_SCORED_ROWS),
        _ => rows,
    }
}

/// Mean loss and score of outputs against targets `y`: cross-entropy and accuracy for classes
/// (the predicted class is the most probable, the first on ties), squared error and R² for
/// values.
fn part_score(task: Task, out: &[f64], y: &[f32]) -> PartScore {
    let n = y.len().max(1) as f64;
    match task {
        Task::Classification { classes } => {
            let k = classes.max(1);
            let loss: f64 = out
                .chunks_exact(k)
                .zip(y)
                // libm's log, not the platform's: the same bits natively and in wasm.
                .map(|(p, &t)| -libm::log(p.get(t as usize).copied().unwrap_or(0.0).max(1e-15)))
                .sum();
            let predicted: Vec<u32> = learn::argmax_rows(out, k).into_iter().map(|c| c as u32).collect();
            let actual: Vec<u32> = y.iter().map(|&v| v as u32).collect();
            // `+ 0.0`: a perfect fit's loss is −0 (every −ln 1), shown as 0.
            (loss / n + 0.0, accuracy(&predicted, &actual))
        }
        Task::Regression => {
            let loss: f64 = out.iter().zip(y).map(|(&p, &t)| (p - f64::from(t)).powi(2)).sum();
            let predicted: Vec<f32> = out.iter().map(|&v| v as f32).collect();
            (loss / n, r2(y, &predicted))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::spec::learner::{BoostingSpec, ForestSpec, LearnerSpec, TreeSpec};
    use crate::spec::{DataSource, ExperimentSpec};
    use crate::train::{Evaluation, Trainer};

    fn spec_of(learner: LearnerSpec, builtin: &str) -> ExperimentSpec {
        let mut s = ExperimentSpec::default();
        s.data.source = DataSource::Builtin { name: builtin.into() };
        s.data.prepare.target = crate::data::builtin::builtin(builtin).map(|b| b.target.to_string());
        s.data.validation_fraction = 0.1;
        s.model.learner = Some(Box::new(learner));
        s
    }

    fn train(spec: &ExperimentSpec) -> Trainer {
        let mut t = Trainer::new(spec).unwrap();
        while !t.is_done() {
            t.run_epoch().unwrap();
        }
        t
    }

    #[test]
    fn a_growing_forest_scores_each_tree_as_the_finished_forest_predicts() {
        let t = train(&spec_of(LearnerSpec::Forest(ForestSpec { trees: 12, ..ForestSpec::default() }), "penguins"));
        assert_eq!((t.epoch(), t.steps(), t.model().is_none()), (12, 12, true));
        let last = t.history().last().unwrap().clone();
        let Evaluation::Classification(report) = t.evaluate_test().unwrap() else { panic!() };
        // The watched outputs after the last tree are the forest's own predictions.
        assert_eq!(last.test_accuracy, Some(report.accuracy));
        assert!(report.accuracy > 0.9, "{}", report.accuracy);
        assert!(last.validation_loss.is_some());
    }

    #[test]
    fn boosting_stops_at_its_best_round_and_a_tree_draws_a_decision_map() {
        let boosting =
            BoostingSpec { rounds: 300, learning_rate: 0.5, early_stopping: Some(4), ..BoostingSpec::default() };
        let t = train(&spec_of(LearnerSpec::Boosting(boosting), "diabetes"));
        let best = t.stopped_at().unwrap();
        assert_eq!(t.epoch(), best + 4);
        let losses: Vec<f64> = t.history().iter().map(|m| m.validation_loss.unwrap()).collect();
        let lowest = losses.iter().copied().fold(f64::INFINITY, f64::min);
        assert_eq!(losses[best - 1], lowest, "the kept round has the lowest validation loss");

        // On the 2-D playground data, a tree's decision map has a value in every cell.
        let mut s = ExperimentSpec::default();
        s.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec { max_depth: Some(4), ..TreeSpec::default() })));
        let t = train(&s);
        let grid = t.decision_grid(20).unwrap().unwrap();
        assert_eq!(grid.values.len(), 400);
        assert!(grid.values.iter().all(|v| (0.0..=1.0).contains(v)));
        assert!(t.history()[0].train_accuracy.unwrap() > 0.8);
    }

    #[test]
    fn before_its_first_step_a_model_shows_the_training_rows_class_shares() {
        use crate::train::views::Plane;
        for family in ["tree", "knn", "bayes"] {
            // The playground's two classes: the map is the share of class 1 everywhere.
            let mut s = ExperimentSpec::default();
            s.model.learner = LearnerSpec::default_of(family).map(Box::new);
            let t = Trainer::new(&s).unwrap();
            let y = &t.split.train.y;
            let share = y.iter().filter(|&&c| c == 1.0).count() as f32 / y.len() as f32;
            let grid = t.decision_grid(10).unwrap().unwrap();
            assert!(grid.values.iter().all(|&v| v == share), "{family}: {:?}", &grid.values[..3]);
            // Three classes on a table's plane: the most frequent class, with its share.
            let t = Trainer::new(&spec_of(LearnerSpec::default_of(family).unwrap(), "iris")).unwrap();
            let grid = t.plane_grid(Plane { x: 0, y: 1 }, 8).unwrap();
            assert_eq!(grid.values.len(), 64);
            assert!(grid.confidence.iter().all(|c| c.is_finite() && (0.2..0.5).contains(c)), "{family}");
        }
        // A regression's map is the mean target.
        let t = Trainer::new(&spec_of(LearnerSpec::default_of("knn").unwrap(), "diabetes")).unwrap();
        let grid = t.plane_grid(Plane { x: 0, y: 1 }, 4).unwrap();
        assert!(grid.values.iter().all(|v| v.is_finite() && *v == grid.values[0]));
    }

    #[test]
    fn a_network_spec_reads_and_writes_as_before_and_a_learner_round_trips() {
        let network = ExperimentSpec::default();
        assert!(!network.to_json().contains("learner"));
        let s = spec_of(LearnerSpec::Forest(ForestSpec { trees: 7, ..ForestSpec::default() }), "iris");
        let json = s.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["model"]["learner"]["family"], "forest", "{json}");
        assert_eq!(value["model"]["learner"]["trees"], 7, "{json}");
        assert_eq!(ExperimentSpec::from_json(&json).unwrap(), s);
        let bad = json.replace(r#""trees": 7"#, r#""trees": 7, "leaves": 3"#);
        assert_ne!(bad, json);
        assert!(ExperimentSpec::from_json(&bad).is_err(), "unknown settings are refused");
    }

    #[test]
    fn knn_scores_a_bounded_share_of_the_training_rows_and_keeps_its_test_output() {
        use super::{part_score, LearnerRun, KNN_SCORED_ROWS};
        use crate::data::{Dataset, Task};
        use crate::spec::learner::KnnSpec;
        let task = Task::Classification { classes: 2 };
        let rows = KNN_SCORED_ROWS + 500;
        // Two features; the class is the sign of the first, with every seventh row flipped.
        let x: Vec<f32> = (0..rows).flat_map(|i| [((i * 37) % 101) as f32 - 50.0, (i % 13) as f32]).collect();
        let y: Vec<f32> = (0..rows).map(|i| f32::from(u8::from((x[2 * i] > 0.0) != (i % 7 == 0)))).collect();
        let part = |from: usize, to: usize| Dataset {
            features: vec!["a".into(), "b".into()],
            x: x[2 * from..2 * to].to_vec(),
            y: y[from..to].to_vec(),
            task,
        };
        let (train, test, validation) = (part(0, rows), part(0, 300), part(0, 0));
        let mut run = LearnerRun::new(&LearnerSpec::Knn(KnnSpec::default()), 1, &train, &test, &validation).unwrap();
        let (trained, tested, none) = run.step(1, &train, &test, &validation).unwrap();
        assert!(none.is_none());
        // The training score is the first KNN_SCORED_ROWS rows' (the split shuffled them).
        let out = run.output(&train.x[..2 * KNN_SCORED_ROWS], KNN_SCORED_ROWS, 2).unwrap().unwrap();
        assert_eq!(trained, part_score(task, &out, &train.y[..KNN_SCORED_ROWS]));
        // The test rows' output is kept for the evaluation, the same as predicting them again.
        let again = run.output(&test.x, test.rows(), 2).unwrap().unwrap();
        assert_eq!(run.test_output(&test).unwrap().unwrap(), again);
        assert_eq!(tested, part_score(task, &again, &test.y));
    }
}
