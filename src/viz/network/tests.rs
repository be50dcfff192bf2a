use super::*;

fn layer(inputs: usize, outputs: usize, w: Vec<f32>) -> LayerWeights {
    LayerWeights { inputs, outputs, w, b: vec![0.0; outputs] }
}

fn theme10() -> Theme {
    Theme { font_size: 10.0, ..Theme::light() }
}

/// 2 → 2 → 1, font size 10, 320 × 215 pixels. By hand: pad 5, header 15, gutter
/// 2·0.55·10 + 5 + 4 = 20; inner height 215 − 15 − 10 = 190; column spacing (320 − 20 − 5) / 3;
/// pitch 190 / 2 = 95, side min(95 / 1.35, 98.3·0.45, 40) = 40, pitch then min(95, 72) = 72.
fn small() -> (Vec<LayerWeights>, NetworkLayout) {
    let layers = vec![layer(2, 2, vec![0.5, -1.0, 2.0, 0.25]), layer(2, 1, vec![-0.5, 1.0])];
    let names = vec!["a".to_string(), "b".to_string()];
    let l = network_layout(&layers, &names, (320, 215), &theme10()).unwrap();
    (layers, l)
}

#[test]
fn layout_by_hand() {
    let (_, l) = small();
    assert_eq!(l.units, vec![2, 2, 1]);
    assert!((l.gutter - 20.0).abs() < 1e-9);
    let spacing = 295.0 / 3.0;
    let b = &l.boxes;
    assert_eq!(b.len(), 5);
    // Column 0: top 5 + 15 + (190 − 144) / 2 = 43, boxes at 43 + 16 = 59 and 59 + 72 = 131.
    assert!((b[0].x - (20.0 + spacing / 2.0 - 20.0)).abs() < 1e-9);
    assert!((b[0].y - 59.0).abs() < 1e-9 && (b[1].y - 131.0).abs() < 1e-9 && (b[0].size - 40.0).abs() < 1e-9);
    // The output: top 20 + (190 − 72) / 2 = 79, box at 95.
    assert!((b[4].y - 95.0).abs() < 1e-9 && (b[4].x - (20.0 + 2.5 * spacing - 20.0)).abs() < 1e-9);
    // 4 + 2 connections; the strongest (|2|) is 4 px wide, the weakest (0.25) 0.5 + 3.5/8.
    assert_eq!(l.connections.len(), 6);
    assert_eq!(l.max_abs_weight, 2.0);
    let c = l.connections.iter().find(|c| c.layer == 0 && c.from == 1 && c.to == 0).unwrap();
    assert_eq!((c.weight, c.width), (2.0, 4.0));
    assert_eq!(l.connections.iter().find(|c| c.weight == 0.25).unwrap().width, 0.5 + 3.5 / 8.0);
}

#[test]
fn hit_tests_by_hand() {
    let (_, l) = small();
    let spacing = 295.0 / 3.0;
    // Connection layer 0, a (unit 0) → neuron 1: from (x₀ + 40, 79) to (x₁, 151).
    let (x0, x1) = (20.0 + spacing / 2.0 + 20.0, 20.0 + 1.5 * spacing - 20.0);
    // A quarter of the way along (the middle is where b → neuron 0 crosses it).
    let q = (x0 + (x1 - x0) / 4.0, 79.0 + 72.0 / 4.0);
    assert_eq!(connection_at(&l, q.0, q.1), Some((0, 0, 1, -1.0)));
    // 2 px off the line still hits it; 12 px above does not (the a → neuron 0 line is 18 px up).
    assert_eq!(connection_at(&l, q.0, q.1 + 2.0).map(|c| (c.1, c.2)), Some((0, 1)));
    assert_eq!(connection_at(&l, q.0, q.1 - 12.0), None);
    // Inside a box: the neuron, not a connection.
    assert_eq!(neuron_at(&l, 20.0 + spacing / 2.0, 79.0), Some((0, 0)));
    assert_eq!(connection_at(&l, 20.0 + spacing / 2.0, 79.0), None);
    assert_eq!(neuron_at(&l, 1.0, 1.0), None);
    assert_eq!(segment_distance((0.0, 5.0), (0.0, 0.0), (10.0, 0.0)), 5.0);
    assert_eq!(segment_distance((13.0, 4.0), (0.0, 0.0), (10.0, 0.0)), 5.0);
}

#[test]
fn large_layers_end_in_an_ellipsis_box() {
    let layers = vec![layer(2, 20, vec![0.1; 40]), layer(20, 1, vec![0.3; 20])];
    let l = network_layout(&layers, &[], (400, 300), &Theme::light()).unwrap();
    let col1: Vec<&NeuronBox> = l.boxes.iter().filter(|b| b.column == 1).collect();
    assert_eq!(col1.len(), MAX_UNITS);
    assert_eq!(col1.last().unwrap().unit, None);
    assert_eq!(l.connections.len(), 2 * 15 + 15);
    assert!(neuron_at(&l, col1[15].x + 1.0, col1[15].y + 1.0).is_none());
}

#[test]
fn malformed_layers_and_images_are_errors() {
    let bad = vec![layer(2, 2, vec![0.0; 3])];
    assert!(network_layout(&bad, &[], (100, 100), &Theme::light()).is_err());
    let unchained = vec![layer(2, 2, vec![0.0; 4]), layer(3, 1, vec![0.0; 3])];
    assert!(network_layout(&unchained, &[], (100, 100), &Theme::light()).is_err());
    let (layers, _) = small();
    let mut s = String::new();
    let area = plotters::prelude::IntoDrawingArea::into_drawing_area(plotters::prelude::SVGBackend::with_string(
        &mut s,
        (200, 200),
    ));
    let images = vec![vec![0.0; 4]; 4];
    let r = draw_network(&area, &layers, &[], Some(&images), Task::Regression, &Theme::light());
    assert!(r.is_err(), "5 units, 4 images");
    let images = vec![vec![0.0; 3]; 5];
    assert!(draw_network(&area, &layers, &[], Some(&images), Task::Regression, &Theme::light()).is_err());
}

#[test]
fn description() {
    let (layers, _) = small();
    assert_eq!(
        describe_network(&layers, &["a".into(), "b".into()]),
        "Network with 2 inputs (a, b), a hidden layer of 2 neurons, and 1 output: 6 weights from -1 to 2; \
         strongest b → layer 1 neuron 1 (2)"
    );
    assert_eq!(describe_network(&[], &[]), "No network yet");
}
