//! The script's constants, escaping and refusals, natively; `tests/python_export.rs` runs the
//! scripts with scikit-learn.

use super::*;
use crate::data::prepare::FeatureStep;
use crate::data::table::Column;
use crate::data::Task;
use crate::deploy::ModelBundle;
use crate::spec::learner::{ForestSpec, LearnerSpec};
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::Trainer;
use base64::Engine;
use literal::{float, string, strings};

fn train(spec: &ExperimentSpec, table: Option<&Table>) -> ModelBundle {
    let mut trainer = Trainer::with_table(spec, table).unwrap();
    while !trainer.is_done() {
        trainer.run_epoch().unwrap();
    }
    ModelBundle::from_trainer(&trainer, table).unwrap()
}

fn builtin(name: &str) -> ExperimentSpec {
    let mut spec = ExperimentSpec::default();
    spec.data.source = DataSource::Builtin { name: name.into() };
    spec.data.prepare.target = crate::data::builtin::builtin(name).map(|b| b.target.to_string());
    spec.training.epochs = 2;
    spec
}

fn no_file() -> FileFacts<'static> {
    FileFacts { format: None, bytes: None }
}

/// The digits of a script's `SPLIT`.
fn split_digits(script: &str) -> Vec<u8> {
    let start = script.find("SPLIT = (").unwrap();
    let end = start + script[start..].find("\n)").unwrap();
    let text: String = script[start + 9..end].split('"').skip(1).step_by(2).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(text).unwrap();
    miniz_oxide::inflate::decompress_to_vec_zlib(&bytes).unwrap().iter().map(|d| d - b'0').collect()
}

#[test]
fn a_penguins_network_script_holds_the_cards_constants_and_the_runs_rows() {
    let spec = builtin("penguins");
    let bundle = train(&spec, None);
    let card = &bundle.card;
    let data = ScriptData::new(card, None, no_file()).unwrap();
    let script = to_python(card, &data).unwrap();
    assert!(script.contains(&format!("# requires: {REQUIRES}")), "{script}");
    assert!(script.contains("from sklearn.neural_network import MLPClassifier"));
    assert!(script.contains("hidden_layer_sizes=(8, 8),"));
    assert!(script.contains("activation=\"tanh\","));
    assert!(script.contains(&format!("learning_rate_init={},", float(spec.training.learning_rate))));
    assert!(script.contains("max_iter=2,"));
    assert!(script.contains(&format!("random_state={},", spec.seed)));
    assert!(script.contains("CLASSES = [\"Adelie\", \"Chinstrap\", \"Gentoo\"]"), "{script}");
    // Every fitted step, with its exact numbers.
    for step in &card.preparation.steps {
        let expected = match step {
            FeatureStep::Numeric { column, fill, center, scale } => {
                format!("(\"numeric\", {}, {}, {}, {})", string(column), float(*fill), float(*center), float(*scale))
            }
            FeatureStep::OneHot { column, categories, fill } => {
                format!("(\"one_hot\", {}, {}, {}, False)", string(column), strings(categories), string(fill))
            }
            FeatureStep::Derived { .. } => unreachable!(),
        };
        assert!(script.contains(&expected), "{expected} not in\n{script}");
    }
    // The split: the rows Lantern's own preparation gives.
    let table = crate::train::inputs::builtin_table("penguins").unwrap();
    let p = crate::train::inputs::prepare_table(&spec, &table).unwrap();
    let digits = split_digits(&script);
    assert_eq!(digits.len(), table.rows());
    let part = |k: u8| (0..digits.len()).filter(|&r| digits[r] == k).collect::<Vec<_>>();
    assert_eq!(part(1), p.rows.0);
    assert_eq!(part(2), p.rows.1);
    assert_eq!(part(3), p.rows.2);
    assert_eq!(part(1).len(), card.training.rows.train);
    assert_eq!(part(3).len(), card.training.rows.test);
    // The embedded table is the table as Lantern read it.
    let TableSource::Embedded { base64, .. } = &data.source else { panic!("not embedded") };
    let bytes = base64::engine::general_purpose::STANDARD.decode(base64).unwrap();
    let csv = miniz_oxide::inflate::decompress_to_vec_zlib(&bytes).unwrap();
    assert_eq!(csv, crate::deploy::table_to_csv(&table).unwrap());
    assert!(script.contains(&format!("\"accuracy\": {}", float(ModelCard::headline(&card.test)[0].1))));
}

#[test]
fn the_notebooks_code_cells_are_the_script() {
    let bundle = train(&builtin("iris"), None);
    let data = ScriptData::new(&bundle.card, None, no_file()).unwrap();
    let script = to_python(&bundle.card, &data).unwrap();
    let notebook: serde_json::Value = serde_json::from_str(&to_notebook(&bundle.card, &data).unwrap()).unwrap();
    assert_eq!(notebook["nbformat"], 4);
    let code: Vec<String> = notebook["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cell_type"] == "code")
        .map(|c| c["source"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect())
        .collect();
    assert_eq!(code.len(), 7);
    assert_eq!(format!("{}\n", code.join("\n\n")), script);
}

/// A small table whose column names need escaping.
fn odd_table() -> Table {
    let n = 40;
    let a: Vec<f64> = (0..n).map(|i| f64::from(i) * 0.5).collect();
    let kinds: Vec<Option<&str>> = (0..n).map(|i| Some(if i % 3 == 0 { "ü \"x\"" } else { "back\\slash" })).collect();
    let y: Vec<Option<&str>> = (0..n).map(|i| Some(if i < 20 { "no" } else { "yes" })).collect();
    Table {
        columns: vec![
            Column::numeric("he said \"hi\"\nthen left", a),
            Column::text("kind ✓", &kinds),
            Column::text("class", &y),
        ],
    }
}

#[test]
fn odd_column_names_are_escaped_and_a_file_run_needs_its_table() {
    let table = odd_table();
    let mut spec = ExperimentSpec::default();
    spec.data.source = DataSource::File { name: "odd \"file\".csv".into() };
    spec.training.epochs = 1;
    let bundle = train(&spec, Some(&table));
    let card = &bundle.card;
    let e = ScriptData::new(card, None, no_file()).unwrap_err();
    assert!(e.to_string().contains("needs the table"), "{e}");
    let data = ScriptData::new(card, Some(&table), no_file()).unwrap();
    let script = to_python(card, &data).unwrap();
    assert!(script.contains(r#""he said \"hi\"\nthen left""#), "{script}");
    assert!(script.contains(r#"["back\\slash", "ü \"x\""]"#) || script.contains(r#"["ü \"x\"", "back\\slash"]"#));
    assert!(script.contains(r#"DATA_FILE = "odd \"file\".csv""#));
    assert!(script.contains("\"kind ✓\""));
    // Another table is refused: its preparation is not the card's.
    let mut other = odd_table();
    if let crate::data::table::ColumnData::Numeric { values } = &mut other.columns[0].data {
        values[0] = 100.0;
    }
    let e = ScriptData::new(card, Some(&other), no_file()).unwrap_err();
    assert!(e.to_string().contains("not the table this model was trained on"), "{e}");
}

#[test]
fn a_big_table_is_read_from_its_file_with_its_format() {
    let bundle = train(&builtin("iris"), None);
    let table = crate::train::inputs::builtin_table("iris").unwrap();
    let mut data = ScriptData::of_table(&bundle.card, &table, "iris.csv", no_file()).unwrap();
    data.source = TableSource::File {
        name: "iris.csv".into(),
        delimiter: b';',
        header: true,
        decimal_comma: true,
        sha256: Some("ab".into()),
    };
    let script = to_python(&bundle.card, &data).unwrap();
    assert!(script.contains("DELIMITER, HEADER, DECIMAL_COMMA = \";\", True, True"), "{script}");
    assert!(script.contains("DATA_SHA256 = \"ab\""));
    assert!(script.contains("DATA = None"));
}

#[test]
fn settings_without_an_equivalent_are_refused_by_name() {
    let base = builtin("iris");
    let mut dropout = base.clone();
    dropout.model.dropout = 0.2;
    let mut l1 = base.clone();
    l1.training.l1 = 0.01;
    let mut clip = base.clone();
    clip.training.clip_norm = 1.0;
    for (spec, word) in [(dropout, "dropout"), (l1, "L1"), (clip, "clipping")] {
        let e = model::model_code(&spec, Task::Classification { classes: 3 }).err().unwrap();
        assert!(matches!(e, Error::PythonUnsupported { .. }), "{e}");
        assert!(e.to_string().contains(word), "{e}");
    }
    let mut mae = base.clone();
    mae.training.loss = crate::spec::RegressionLoss::Mae;
    let e = model::model_code(&mae, Task::Regression).err().unwrap();
    assert!(e.to_string().contains("mae loss"), "{e}");
}

#[test]
fn each_family_maps_to_its_estimator_with_its_settings() {
    let mut spec = builtin("iris");
    spec.model.learner = Some(Box::new(LearnerSpec::Forest(ForestSpec {
        trees: 7,
        max_depth: Some(3),
        min_samples_leaf: 2,
        max_features: crate::spec::learner::FeatureShare::Fraction(0.5),
        bootstrap: false,
        criterion: crate::spec::learner::SplitCriterion::Entropy,
    })));
    let code = model::model_code(&spec, Task::Classification { classes: 3 }).unwrap();
    for part in [
        "RandomForestClassifier(",
        "n_estimators=7,",
        "criterion=\"entropy\",",
        "max_depth=3,",
        "min_samples_leaf=2,",
        "max_features=0.5,",
        "bootstrap=False,",
    ] {
        assert!(code.build.contains(part), "{part} not in {}", code.build);
    }
    let regression = model::model_code(&spec, Task::Regression).unwrap();
    assert!(regression.build.contains("RandomForestRegressor(") && regression.build.contains("\"squared_error\""));
    for (family, estimator) in [
        ("tree", "DecisionTreeClassifier("),
        ("boosting", "HistGradientBoostingClassifier("),
        ("knn", "KNeighborsClassifier("),
        ("bayes", "GaussianNB("),
    ] {
        spec.model.learner = Some(Box::new(LearnerSpec::default_of(family).unwrap()));
        let code = model::model_code(&spec, Task::Classification { classes: 3 }).unwrap();
        assert!(code.build.contains(estimator), "{}", code.build);
    }
    // A network: Lantern's L2 per mean gradient is scikit-learn's alpha per batch; SGD on a
    // regression takes twice the step (scikit-learn's squared error is halved).
    let mut net = builtin("diabetes");
    net.training.l2 = 0.001;
    net.training.batch_size = 32;
    net.training.optimizer = crate::spec::Optimizer::Momentum;
    net.training.schedule = crate::spec::Schedule::Cosine;
    let code = model::model_code(&net, Task::Regression).unwrap();
    assert!(code.build.contains("alpha=0.016,"), "{}", code.build);
    assert!(code.build.contains(&format!("learning_rate_init={},", float(net.training.learning_rate * 2.0))));
    assert!(code.build.contains("momentum=0.9,") && code.build.contains("nesterovs_momentum=False,"));
    assert!(code.fit.contains("math.cos") && code.fit.contains("partial_fit"), "{}", code.fit);
    net.model.activation = crate::spec::Activation::Gelu;
    let code = model::model_code(&net, Task::Classification { classes: 2 }).unwrap();
    assert!(code.build.contains("activation=\"relu\"") && code.notes[0].contains("gelu"), "{:?}", code.notes);
}

#[test]
fn generated_points_are_embedded_in_their_parts_order() {
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 1;
    spec.data.validation_fraction = 0.1;
    let bundle = train(&spec, None);
    let data = ScriptData::new(&bundle.card, None, no_file()).unwrap();
    let rows = bundle.card.training.rows;
    assert_eq!(data.parts.len(), rows.train + rows.validation + rows.test);
    assert!(data.parts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(data.columns, ["x1", "x2", "label"]);
    assert!(to_python(&bundle.card, &data).unwrap().contains("CLASSES = [\"0\", \"1\"]"));
}
