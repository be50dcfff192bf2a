//! Snapshot tests of the charts: each chart is drawn from fixed, hand-made inputs to an SVG
//! string and compared with a golden file in `tests/snapshots/`.
//!
//! - A missing golden FAILS the test. To create or refresh the goldens after a deliberate change,
//!   run `UPDATE_SNAPSHOTS=1 cargo test --test viz_snapshots` and look at the files before
//!   committing them.
//! - On a mismatch the drawn SVG is written next to the build (path in the failure message) so
//!   it can be opened and compared.
//!
//! Each test also checks facts about the picture that do not depend on the goldens (number of
//! heat-map cells, colours present, axis titles), so a wrong golden cannot hide a wrong chart.

#![allow(clippy::unwrap_used)]

use lantern::data::{Dataset, Task};
use lantern::train::{DecisionGrid, EpochMetrics};
use lantern::viz::{
    cell_colour, describe_decision_map, draw_decision_map, draw_loss_curve, hex, MapSpec, MapStyle, Theme,
};
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use std::path::PathBuf;

const C2: Task = Task::Classification { classes: 2 };
const SIZE: (u32, u32) = (360, 340);

/// Compares `svg` with `tests/snapshots/{name}.svg`, or writes it there when
/// `UPDATE_SNAPSHOTS=1`.
pub(crate) fn check_snapshot(name: &str, svg: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("snapshots");
    let golden = dir.join(format!("{name}.svg"));
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&golden, svg).unwrap();
        eprintln!("wrote {}", golden.display());
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&golden) else {
        panic!(
            "golden file {} is missing: create it with \
             `UPDATE_SNAPSHOTS=1 cargo test --test viz_snapshots`, then look at it and commit it",
            golden.display()
        );
    };
    // Tolerate a checkout that turned line ends into CRLF.
    let expected = expected.replace("\r\n", "\n");
    if expected != svg {
        let actual = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.actual.svg"));
        std::fs::write(&actual, svg).unwrap();
        let line = expected.lines().zip(svg.lines()).position(|(a, b)| a != b);
        let where_ = line.map_or("in length".to_string(), |l| format!("first at line {}", l + 1));
        panic!(
            "{name}: the drawing differs from {} ({where_}); the new drawing is in {}. If the change \
             is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test viz_snapshots` and review the goldens",
            golden.display(),
            actual.display()
        );
    }
}

pub(crate) fn dataset(points: &[(f32, f32, f32)], task: Task) -> Dataset {
    Dataset {
        features: vec!["x1".into(), "x2".into()],
        x: points.iter().flat_map(|&(a, b, _)| [a, b]).collect(),
        y: points.iter().map(|&(_, _, y)| y).collect(),
        task,
    }
}

/// Train and test points of both classes, in the four quadrants (an XOR layout).
pub(crate) fn xor_points() -> (Dataset, Dataset) {
    let train = [
        (-4.0, -4.0, 1.0),
        (-2.5, -3.5, 1.0),
        (4.0, 4.5, 1.0),
        (3.0, 2.0, 1.0),
        (-4.0, 3.0, 0.0),
        (-2.0, 4.5, 0.0),
        (3.5, -4.0, 0.0),
        (2.0, -2.5, 0.0),
    ];
    let test = [(-3.0, -1.5, 1.0), (1.5, 3.5, 1.0), (-1.5, 2.0, 0.0), (4.5, -1.5, 0.0)];
    (dataset(&train, C2), dataset(&test, C2))
}

/// A 4×4 grid over [-6, 6]² whose value in cell (i, j) is `f(i, j)`.
pub(crate) fn grid_4x4(f: impl Fn(usize, usize) -> f32) -> DecisionGrid {
    let values = (0..16).map(|k| f(k % 4, k / 4)).collect();
    DecisionGrid { resolution: 4, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values, confidence: vec![] }
}

pub(crate) fn decision_svg(grid: Option<&DecisionGrid>, train: &Dataset, test: &Dataset, task: Task) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        let spec = MapSpec::new(task, (-6.0, 6.0), (-6.0, 6.0));
        draw_decision_map(&area, grid, train, test, &spec, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

pub(crate) fn loss_svg(history: &[EpochMetrics]) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        draw_loss_curve(&area, history, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

pub(crate) fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!("\n{text}\n</text>"))
}

#[path = "viz_snapshots/charts.rs"]
mod charts;
#[path = "viz_snapshots/data_charts.rs"]
mod data_charts;
#[path = "viz_snapshots/data_view.rs"]
mod data_view;
#[path = "viz_snapshots/decision.rs"]
mod decision;
#[path = "viz_snapshots/drift.rs"]
mod drift;
#[path = "viz_snapshots/importance.rs"]
mod importance;
#[path = "viz_snapshots/run_curves.rs"]
mod run_curves;
#[path = "viz_snapshots/tree.rs"]
mod tree;
