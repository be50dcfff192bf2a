//! `training.class_weight` in training: balanced weights raise the rare class's recall (and the
//! balanced accuracy) on an imbalanced fixture, for two classes (binary cross-entropy) and three
//! (softmax); an absent setting leaves the run bit for bit as before; refusals name the field.

use lantern::data::{Dataset, Split, Task};
use lantern::spec::{ClassWeight, ExperimentSpec, Optimizer};
use lantern::train::{Evaluation, RunData, Trainer};

/// `n` rows of two features: class `c` (of `k`) centred at `(1.3·c, 1.3·c)` with unit normal
/// noise (Box–Muller on a fixed LCG); the last classes are rare (`rare` rows in 1 000 each).
fn fixture(n: usize, k: usize, rare: usize, mut state: u64) -> Dataset {
    let mut uniform = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..n {
        let slot = i % 1000;
        let c = if slot < rare * (k - 1) { 1 + slot / rare } else { 0 };
        for _ in 0..2 {
            let (u, v) = (uniform(), uniform());
            let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
            x.push((1.3 * c as f64 + z) as f32);
        }
        y.push(c as f32);
    }
    Dataset { features: vec!["a".into(), "b".into()], x, y, task: Task::Classification { classes: k } }
}

fn data(k: usize) -> RunData {
    let (train, test) = (fixture(2000, k, 50, 7), fixture(2000, k, 50, 99));
    let validation = Dataset { x: vec![], y: vec![], ..train.clone() };
    RunData { split: Split { train, test }, validation, fitted: None, notices: vec![], train_rows: vec![] }
}

fn spec(weight: Option<ClassWeight>) -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.model.hidden = vec![];
    s.training.optimizer = Optimizer::Adam;
    s.training.learning_rate = 0.05;
    s.training.batch_size = 64;
    s.training.epochs = 20;
    s.training.class_weight = weight;
    s
}

/// (recall of each class, balanced accuracy) on the test rows after training.
fn train(k: usize, weight: Option<ClassWeight>) -> (Vec<f64>, f64) {
    let mut t = Trainer::with_data(&spec(weight), data(k)).expect("trainer");
    while !t.is_done() {
        t.run_epoch().expect("epoch");
    }
    match t.evaluate_test().expect("evaluate") {
        Evaluation::Classification(r) => (r.per_class.iter().map(|m| m.recall).collect(), r.balanced_accuracy),
        Evaluation::Regression(_) => panic!("a classifier"),
    }
}

#[test]
fn balanced_weights_raise_the_rare_class_recall() {
    for k in [2, 3] {
        let (plain, plain_ba) = train(k, None);
        let (weighted, weighted_ba) = train(k, Some(ClassWeight::Balanced));
        println!("k = {k}: recall {plain:?} → {weighted:?}, balanced accuracy {plain_ba:.4} → {weighted_ba:.4}");
        // Every rare class is found at least as often, and the one found least by far more.
        for c in 1..k {
            assert!(weighted[c] >= plain[c], "k = {k}, class {c}: recall {} → {}", plain[c], weighted[c]);
        }
        assert!(weighted[1] > plain[1] + 0.2, "k = {k}: class 1's recall {} → {}", plain[1], weighted[1]);
        assert!(weighted_ba > plain_ba + 0.05, "k = {k}: balanced accuracy {plain_ba} → {weighted_ba}");
        // The majority pays for it, as it should.
        assert!(weighted[0] < plain[0], "k = {k}");
    }
}

#[test]
fn custom_weights_by_class_name_and_unit_weights_change_nothing_much() {
    // Weights of 1 for every class: the weighted mean is the plain mean (to rounding).
    let (plain, _) = train(2, None);
    let (ones, _) = train(2, Some(ClassWeight::parse("0=1,1=1").unwrap()));
    for (a, b) in plain.iter().zip(&ones) {
        assert!((a - b).abs() < 0.01, "{plain:?} vs {ones:?}");
    }
    let (heavy, _) = train(2, Some(ClassWeight::parse("1=19").unwrap()));
    assert!(heavy[1] > plain[1] + 0.2, "{plain:?} vs {heavy:?}");
}

#[test]
fn refusals_name_the_field() {
    let e = Trainer::with_data(&spec(Some(ClassWeight::parse("maybe=2").unwrap())), data(2)).unwrap_err();
    assert!(e.to_string().contains("training.class_weight.maybe"), "{e}");
    let mut s = spec(Some(ClassWeight::Balanced));
    s.model.learner = lantern::spec::learner::LearnerSpec::default_of("tree").map(Box::new);
    let e = s.validate().unwrap_err().to_string();
    assert!(e.contains("training.class_weight") && e.contains("networks"), "{e}");
    let mut d = data(2);
    for part in [&mut d.split.train, &mut d.split.test, &mut d.validation] {
        part.task = Task::Regression;
    }
    let e = Trainer::with_data(&spec(Some(ClassWeight::Balanced)), d).unwrap_err().to_string();
    assert!(e.contains("training.class_weight") && e.contains("number"), "{e}");
    // Absent: the spec's JSON has no such key, so older links and fingerprints are unchanged.
    let json = serde_json::to_string(&ExperimentSpec::default()).unwrap();
    assert!(!json.contains("class_weight"), "{json}");
    let back: ExperimentSpec =
        serde_json::from_str(&serde_json::to_string(&spec(Some(ClassWeight::Balanced))).unwrap()).unwrap();
    assert_eq!(back.training.class_weight, Some(ClassWeight::Balanced));
}
