use super::*;
use crate::data::Generator;
use crate::spec::{DataSource, Schedule};

fn shape(rows: usize, task: TaskChoice) -> TableShape {
    TableShape { rows, columns: 5, task }
}

fn rule(rows: usize, task: TaskChoice) -> (usize, usize, usize, f64) {
    let d = TableDefaults::for_table(shape(rows, task));
    (d.batch_size, d.epochs, d.patience, d.l2)
}

#[test]
fn each_band_starts_at_its_boundary() {
    use TaskChoice::{Classification as C, Regression as R};
    // (rows, task) → (batch, epochs, patience, L2)
    let cases = [
        ((0, C), (16, 300, 30, 0.01)),
        ((150, C), (16, 300, 30, 0.01)),
        ((442, R), (16, 300, 30, 0.03)),
        ((999, C), (16, 300, 30, 0.01)),
        ((999, R), (16, 300, 30, 0.03)),
        ((1_000, C), (64, 200, 15, 0.001)),
        ((1_000, R), (64, 200, 15, 0.001)),
        ((9_999, R), (64, 200, 15, 0.001)),
        ((10_000, C), (256, 60, 6, 0.0001)),
        ((99_999, R), (256, 60, 6, 0.0001)),
        ((100_000, C), (1024, 20, 4, 0.0)),
        ((100_000, R), (1024, 20, 4, 0.0)),
        ((999_999, C), (1024, 20, 4, 0.0)),
        ((1_000_000, C), (4096, 10, 2, 0.0)),
        ((usize::MAX, R), (4096, 10, 2, 0.0)),
    ];
    for ((rows, task), want) in cases {
        assert_eq!(rule(rows, task), want, "{rows} rows, {task:?}");
    }
}

#[test]
fn an_unknown_task_gets_the_weight_decay_of_classes() {
    assert_eq!(rule(300, TaskChoice::Auto), rule(300, TaskChoice::Classification));
    assert_eq!(rule(5_000, TaskChoice::Auto), rule(5_000, TaskChoice::Regression));
}

#[test]
fn every_table_gets_the_same_split_rate_and_network() {
    for rows in [10, 1_000, 50_000, 2_000_000] {
        let d = TableDefaults::for_table(shape(rows, TaskChoice::Regression));
        assert_eq!((d.train_fraction, d.validation_fraction), (0.7, 0.1));
        assert_eq!(d.learning_rate, 0.01);
        assert_eq!((d.hidden.as_slice(), d.activation), (&[32][..], Activation::Relu));
    }
}

#[test]
fn applied_to_a_spec_it_sets_the_rule_and_keeps_the_data() {
    let mut spec = ExperimentSpec { seed: 11, ..ExperimentSpec::default() };
    spec.data.source = DataSource::Builtin { name: "diabetes".into() };
    spec.data.prepare.target = Some("progression".into());
    spec.data.train_fraction = 0.5;
    spec.model.dropout = 0.3;
    spec.training.optimizer = Optimizer::Sgd;
    spec.training.schedule = Schedule::Cosine;
    spec.training.clip_norm = 1.0;
    spec.training.l1 = 0.1;
    let before = spec.clone();
    let d = TableDefaults::for_table(shape(442, TaskChoice::Regression));
    d.apply(&mut spec);
    assert_eq!((spec.seed, &spec.data.source, &spec.data.prepare), (11, &before.data.source, &before.data.prepare));
    assert_eq!((spec.data.train_fraction, spec.data.validation_fraction), (0.7, 0.1));
    assert_eq!(spec.model, ModelSpec { hidden: vec![32], activation: Activation::Relu, dropout: 0.0, learner: None });
    let want = TrainingSpec {
        optimizer: Optimizer::Adam,
        learning_rate: 0.01,
        batch_size: 16,
        l2: 0.03,
        epochs: 300,
        patience: 30,
        ..TrainingSpec::default()
    };
    assert_eq!(spec.training, want);
    spec.validate().unwrap();
    assert_eq!(table_spec(before, d.shape), spec);
}

#[test]
fn every_band_gives_a_valid_spec() {
    for rows in [2, 999, 1_000, 10_000, 100_000, 1_000_000] {
        for task in [TaskChoice::Auto, TaskChoice::Classification, TaskChoice::Regression] {
            let mut spec = ExperimentSpec::default();
            spec.data.source = DataSource::File { name: "t.csv".into() };
            table_spec(spec, shape(rows, task)).validate().unwrap();
        }
    }
}

#[test]
fn holds_says_which_defaults_are_still_in_use() {
    let d = TableDefaults::for_table(shape(100_000, TaskChoice::Classification));
    let mut spec = table_spec(ExperimentSpec::default(), d.shape);
    let all =
        [Setting::Split, Setting::BatchSize, Setting::LearningRate, Setting::Epochs, Setting::L2, Setting::Network];
    assert!(all.iter().all(|&s| d.holds(s, &spec)));
    spec.training.batch_size = 512;
    spec.training.patience = 0;
    spec.model.hidden.clear();
    let held: Vec<Setting> = all.into_iter().filter(|&s| d.holds(s, &spec)).collect();
    assert_eq!(held, [Setting::Split, Setting::LearningRate, Setting::L2]);
    spec.training.optimizer = Optimizer::Sgd;
    assert!(!d.holds(Setting::LearningRate, &spec));
    // What the spec has now, in the reasons' words.
    let now: Vec<String> = all.iter().map(|s| s.in_spec(&spec)).collect();
    assert_eq!(
        now,
        [
            "70/10/20 split",
            "batch 512",
            "sgd with learning rate 0.01",
            "20 epochs, no early stopping",
            "L2 0",
            "no hidden layer"
        ]
    );
    spec.training.patience = 3;
    spec.model.hidden = vec![8, 8];
    spec.model.activation = Activation::Tanh;
    assert_eq!(Setting::Epochs.in_spec(&spec), "at most 20 epochs, patience 3");
    assert_eq!(Setting::Network.in_spec(&spec), "hidden layers 8, 8 tanh");
}

#[test]
fn one_sentence_per_setting_with_the_numbers_of_the_table() {
    let d = TableDefaults::for_table(TableShape { rows: 100_000, columns: 20, task: TaskChoice::Classification });
    let reasons = d.reasons();
    let settings: Vec<Setting> = reasons.iter().map(|r| r.setting).collect();
    assert_eq!(
        settings,
        [Setting::Split, Setting::BatchSize, Setting::LearningRate, Setting::Epochs, Setting::L2, Setting::Network]
    );
    for r in &reasons {
        assert!(r.text.ends_with('.') && !r.text.trim_end_matches('.').contains(". "), "one sentence: {}", r.text);
        assert!(r.text.chars().count() <= 200, "short: {}", r.text);
    }
    let text = |s: Setting| reasons.iter().find(|r| r.setting == s).map(|r| r.text.clone()).unwrap_or_default();
    assert!(text(Setting::Split).starts_with("70/10/20 split: 10% of the rows"), "{}", text(Setting::Split));
    // 70,000 training rows in batches of 1,024: 69 steps.
    assert!(
        text(Setting::BatchSize).starts_with("batch 1024: 100,000 rows make about 69 steps"),
        "{}",
        text(Setting::BatchSize)
    );
    assert!(text(Setting::LearningRate).starts_with("learning rate 0.01: Adam"), "{}", text(Setting::LearningRate));
    assert!(
        text(Setting::Epochs).starts_with("at most 20 epochs, stopping after 4 without"),
        "{}",
        text(Setting::Epochs)
    );
    assert!(text(Setting::Epochs).ends_with("already takes 69 steps."), "{}", text(Setting::Epochs));
    assert!(text(Setting::L2).starts_with("L2 0: "), "{}", text(Setting::L2));
    assert!(text(Setting::Network).starts_with("one hidden layer of 32 ReLU units"), "{}", text(Setting::Network));

    let small = TableDefaults::for_table(TableShape { rows: 442, columns: 11, task: TaskChoice::Regression }).reasons();
    assert!(small[1].text.starts_with("batch 16: 442 rows make about 20 steps per epoch"), "{}", small[1].text);
    assert!(small[3].text.ends_with("442 rows need many short passes."), "{}", small[3].text);
    assert!(small[4].text.starts_with("L2 0.03: ") && small[4].text.contains("number to predict"), "{}", small[4].text);
    let classes = TableDefaults::for_table(TableShape { rows: 150, columns: 5, task: TaskChoice::Classification });
    assert!(!classes.reasons()[4].text.contains("number to predict"));
}

#[test]
fn a_spec_without_training_settings_still_means_the_playground_defaults() {
    // Old links and lessons on a table that leave `training` out mean TrainingSpec::default(),
    // not the table defaults: the rule is applied when a table is chosen, never when a spec is read.
    let s = ExperimentSpec::from_json(r#"{"data": {"source": {"kind": "builtin", "name": "iris"}}}"#).unwrap();
    assert_eq!(s.training, TrainingSpec::default());
    assert_eq!(s.model, ModelSpec::default());
    assert_eq!(s.data.validation_fraction, 0.0);
    let generated = ExperimentSpec::default();
    assert_eq!(generated.data.generator(), Some(Generator::Circle));
    assert_eq!(generated.training.batch_size, 16);
}

#[test]
fn the_shape_of_a_bundled_table_is_known_before_it_is_read() {
    use crate::data::builtin::builtin;
    let shape = |name: &str| builtin(name).map(TableShape::of_builtin);
    assert_eq!(shape("iris"), Some(TableShape { rows: 150, columns: 5, task: TaskChoice::Classification }));
    assert_eq!(shape("diabetes"), Some(TableShape { rows: 442, columns: 11, task: TaskChoice::Regression }));
    // The same shape as reading the table, so the page (before fetching it) and the command
    // line (reading it) choose the same defaults.
    for b in &crate::data::builtin::BUILTIN {
        let csv = b.csv().unwrap();
        let table = crate::data::csv::read_csv(csv.as_bytes(), &Default::default()).unwrap().table;
        assert_eq!(
            TableShape::of_table(&table, Some(b.target), TaskChoice::Auto),
            TableShape::of_builtin(b),
            "{}",
            b.name
        );
    }
}

#[test]
fn the_shape_of_a_table_decides_the_task_as_preparation_does() {
    let csv = "x,label,price\n1,a,1.5\n2,b,2.5\n3,a,3.25\n";
    let table = crate::data::csv::read_csv(csv.as_bytes(), &Default::default()).unwrap().table;
    let of = |target, choice| TableShape::of_table(&table, target, choice);
    assert_eq!(of(None, TaskChoice::Auto), TableShape { rows: 3, columns: 3, task: TaskChoice::Regression });
    assert_eq!(of(Some("label"), TaskChoice::Auto).task, TaskChoice::Classification);
    assert_eq!(of(Some("price"), TaskChoice::Classification).task, TaskChoice::Classification);
    assert_eq!(of(Some("nothing"), TaskChoice::Auto).task, TaskChoice::Auto);
}
