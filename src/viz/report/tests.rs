use super::*;
use crate::data::prepare::TaskChoice;
use crate::data::table::Column;
use crate::data::Generator;
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::evaluation::pr_curve;
use crate::train::inputs::builtin_table;

const SIZE: (u32, u32) = (480, 360);
const XSS: &str = "<img src=x onerror=alert(1)>";

/// `epochs` epochs of `spec`, with a weight snapshot before training and after each epoch.
fn trained(spec: &ExperimentSpec, table: Option<&Table>, epochs: usize) -> (Trainer, Vec<WeightSnapshot>) {
    let mut t = Trainer::with_table(spec, table).unwrap();
    let mut snapshots = vec![weight_snapshot(&t).unwrap()];
    for _ in 0..epochs {
        t.run_epoch().unwrap();
        record_snapshot(&mut snapshots, weight_snapshot(&t).unwrap(), MAX_SNAPSHOTS);
    }
    (t, snapshots)
}

fn names(charts: &[ChartFile]) -> Vec<&str> {
    charts.iter().map(|c| c.name.as_str()).collect()
}

fn find<'a>(charts: &'a [ChartFile], name: &str) -> &'a ChartFile {
    charts.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no chart {name} in {:?}", names(charts)))
}

/// A whole SVG document (and not a truncated one) holding each of `texts`.
fn assert_svg(c: &ChartFile, texts: &[&str]) {
    let svg = c.svg.trim();
    assert!(svg.starts_with("<svg"), "{}: {}", c.name, &svg[..svg.len().min(80)]);
    assert!(svg.ends_with("</svg>"), "{}", c.name);
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count(), "{}", c.name);
    for t in texts {
        assert!(svg.contains(t), "{} has no `{t}`", c.name);
    }
    assert!(!c.title.is_empty() && !c.description.is_empty(), "{}", c.name);
}

#[test]
fn classification_on_generated_data() {
    let (t, snapshots) = trained(&ExperimentSpec::default(), None, 3);
    assert_eq!(snapshots.iter().map(|s| s.epoch).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    let charts = run_charts(&t, &snapshots, None, SIZE).unwrap();
    let expected =
        ["loss", "loss-log", "accuracy", "network", "weights", "confusion", "roc", "pr", "importance", "decision-map"];
    assert_eq!(names(&charts), expected);
    for (name, texts) in [
        ("loss", &["epoch", "\nloss\n", "train", "test"][..]),
        ("loss-log", &["loss (log scale)"]),
        ("accuracy", &["epoch", "accuracy"]),
        ("network", &["x1", "x2"]),
        ("weights", &["epoch", "weight", "layer 1"]),
        ("confusion", &["Predicted", "Actual"]),
        ("roc", &["false positive rate", "true positive rate", "AUC"]),
        ("pr", &["recall", "precision", "AP"]),
        ("decision-map", &["x1", "x2"]),
    ] {
        assert_svg(find(&charts, name), texts);
    }
    // 2 + 8 + 8 + 1 units with a map each.
    let cells = crate::train::session::UNIT_MAP_RESOLUTION.pow(2);
    assert!(find(&charts, "network").svg.matches("<rect").count() > 19 * cells, "unit maps drawn");
    // Two classes: only class 1's curves.
    assert!(
        find(&charts, "roc").description.starts_with("ROC curve of 1: AUC"),
        "{}",
        find(&charts, "roc").description
    );
    let map = &find(&charts, "decision-map").description;
    assert!(map.contains("x1") && map.contains("x2") && map.contains("class"), "{map}");
    // One snapshot draws no weight histogram.
    let fewer = run_charts(&t, &snapshots[..1], None, SIZE).unwrap();
    assert!(!names(&fewer).contains(&"weights"));
}

#[test]
fn regression_on_generated_data() {
    let mut spec = ExperimentSpec::default();
    spec.data.set_synthetic(Some(Generator::Plane), None, None);
    let (t, snapshots) = trained(&spec, None, 2);
    let charts = run_charts(&t, &snapshots, None, SIZE).unwrap();
    let expected = [
        "loss",
        "loss-log",
        "r2",
        "network",
        "weights",
        "predicted-vs-actual",
        "residuals",
        "importance",
        "decision-map",
    ];
    assert_eq!(names(&charts), expected);
    assert_svg(find(&charts, "r2"), &["epoch", "R²"]);
    assert_svg(find(&charts, "predicted-vs-actual"), &["actual target", "predicted target"]);
    assert_svg(find(&charts, "residuals"), &["predicted target", "residual (actual − predicted)"]);
    let map = &find(&charts, "decision-map").description;
    assert!(map.contains("Predicted value"), "{map}");
}

#[test]
fn table_runs_add_the_data_charts() {
    let table = builtin_table("iris").unwrap();
    let mut spec = ExperimentSpec::default();
    spec.data.source = DataSource::Builtin { name: "iris".into() };
    spec.data.prepare.target = Some("species".into());
    let (t, snapshots) = trained(&spec, None, 2);
    let charts = run_charts(&t, &snapshots, Some(&table), SIZE).unwrap();
    let columns = ["column-1-sepal-length", "column-2-sepal-width", "column-3-petal-length", "column-4-petal-width"];
    for name in columns.iter().chain(&["column-5-species", "correlation", "confusion", "roc", "pr", "decision-map"]) {
        assert!(names(&charts).contains(name), "{name} missing from {:?}", names(&charts));
    }
    assert_svg(find(&charts, "column-1-sepal-length"), &["sepal_length", "count"]);
    assert_svg(find(&charts, "column-5-species"), &["species", "setosa", "50"]);
    assert_svg(find(&charts, "correlation"), &["petal_width", "-1"]);
    assert_svg(find(&charts, "confusion"), &["setosa", "versicolor", "virginica"]);
    // Three classes: a curve each, each with its average precision.
    let pr = &find(&charts, "pr").description;
    assert!(pr.contains("setosa average precision") && pr.contains("virginica average precision"), "{pr}");
    assert_svg(find(&charts, "decision-map"), &[]);
    assert!(find(&charts, "decision-map").description.contains("sepal_length"));
}

#[test]
fn one_feature_has_no_decision_map_nor_unit_maps() {
    let x: Vec<f64> = (0..60).map(|i| f64::from(i) / 10.0).collect();
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v + (v * 7.0).sin()).collect();
    let table = Table { columns: vec![Column::numeric("x", x), Column::numeric("y", y)] };
    let mut spec = ExperimentSpec::default();
    spec.data.source = DataSource::File { name: "line.csv".into() };
    spec.data.prepare.target = Some("y".into());
    spec.data.prepare.task = TaskChoice::Regression;
    let (t, snapshots) = trained(&spec, Some(&table), 2);
    let charts = run_charts(&t, &snapshots, Some(&table), SIZE).unwrap();
    let n = names(&charts);
    assert!(!n.contains(&"decision-map"), "{n:?}");
    for name in ["network", "r2", "predicted-vs-actual", "column-1-x", "column-2-y", "correlation"] {
        assert!(n.contains(&name), "{name} missing from {n:?}");
    }
    assert_svg(find(&charts, "predicted-vs-actual"), &["actual y"]);
    // Without a plane the boxes stay plain: far fewer rectangles than one map per unit.
    assert!(find(&charts, "network").svg.matches("<rect").count() < 100);
}

#[test]
fn markup_in_column_names_stays_text() {
    let table = Table {
        columns: vec![
            Column::text(XSS, &[Some("a & b"), Some("<b>"), None, Some("a & b")]),
            Column::numeric("n", vec![1.0, 2.0, 4.0, 3.0]),
            Column::numeric("\"quoted\"", vec![2.0, 1.0, 0.5, 3.0]),
        ],
    };
    let charts = data::table_charts(&table, SIZE, &Theme::light()).unwrap();
    assert_eq!(names(&charts), ["column-1-img-src-x-onerror-alert-1", "column-2-n", "column-3-quoted", "correlation"]);
    for c in &charts {
        assert_svg(c, &[]);
        assert!(!c.svg.contains("<img") && !c.svg.contains("<b>"), "{}", c.svg);
    }
    assert!(charts[0].svg.contains("&lt;img src=x onerror=alert(1)&gt;") && charts[0].svg.contains("a &amp; b"));
    let page = index_html(&charts);
    assert!(!page.contains("<img src=x") && !page.contains("<b>"));
    assert!(page.contains("<h2>Column &lt;img src=x onerror=alert(1)&gt;</h2>"), "{page}");
    assert!(page.contains("<h2>Column &quot;quoted&quot;</h2>"));
    assert!(page.contains("<img src=\"column-2-n.svg\" alt=\"Histogram of n:"));
    assert!(
        page.contains("alt=\"Bar chart of &lt;img src=x onerror=alert(1)&gt;: a &amp; b 2, &lt;b&gt; 1\""),
        "{page}"
    );
    assert_eq!(page.matches("<figure").count(), 4);
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    assert_eq!(escape_html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    assert_eq!(data::column_file_name(11, "  ---  "), "column-12");
}

#[test]
fn average_precision_by_hand() {
    // Scores 0.9 (+), 0.8 (−), 0.7 (+), 0.1 (−); from the highest threshold down:
    // (R, P) = (0.5, 1), (0.5, 1/2), (1, 2/3), (1, 1/2), so
    // AP = 0.5·1 + 0·(1/2) + 0.5·(2/3) + 0·(1/2) = 5/6 (scikit-learn: 0.8333…).
    let c = pr_curve(&[true, false, true, false], &[0.9, 0.8, 0.7, 0.1]);
    assert!((c.average_precision() - 5.0 / 6.0).abs() < 1e-12, "{c:?}");
    // The same curve written out, in increasing threshold.
    let hand = PrCurve {
        precision: vec![0.5, 2.0 / 3.0, 0.5, 1.0, 1.0],
        recall: vec![1.0, 1.0, 0.5, 0.5, 0.0],
        thresholds: vec![0.1, 0.7, 0.8, 0.9],
    };
    assert!((hand.average_precision() - 5.0 / 6.0).abs() < 1e-12);
    // A perfect ranking gives 1; a tie between a positive and a negative gives 1/2.
    assert_eq!(pr_curve(&[true, true, false], &[0.9, 0.8, 0.1]).average_precision(), 1.0);
    assert_eq!(pr_curve(&[true, false], &[0.5, 0.5]).average_precision(), 0.5);
    assert!(pr_curve(&[], &[]).average_precision().is_nan());
}

#[test]
fn snapshots_are_thinned_to_the_limit() {
    let mut h = Vec::new();
    for epoch in 0..=300 {
        record_snapshot(&mut h, WeightSnapshot { epoch, layers: vec![vec![epoch as f32]] }, MAX_SNAPSHOTS);
        assert!(h.len() <= MAX_SNAPSHOTS);
    }
    assert_eq!(h.first().map(|s| s.epoch), Some(0));
    assert_eq!(h.last().map(|s| s.epoch), Some(300));
    assert!(h.windows(2).all(|w| w[0].epoch < w[1].epoch));
    // The same epoch again replaces the last one.
    let n = h.len();
    record_snapshot(&mut h, WeightSnapshot { epoch: 300, layers: vec![] }, MAX_SNAPSHOTS);
    assert_eq!((h.len(), h[n - 1].layers.len()), (n, 0));
    // Large models keep fewer: a million weights, 16 snapshots (64 MB).
    assert_eq!(snapshot_limit(1_000_000), 16);
    assert_eq!(
        (snapshot_limit(0), snapshot_limit(100), snapshot_limit(100_000_000)),
        (MAX_SNAPSHOTS, MAX_SNAPSHOTS, 8)
    );
    let mut h = Vec::new();
    for epoch in 0..50 {
        record_snapshot(&mut h, WeightSnapshot { epoch, layers: vec![] }, 16);
    }
    assert!(h.len() <= 16 && h.last().map(|s| s.epoch) == Some(49));
}
