//! The core running as WebAssembly in headless Chromium (wasm-bindgen-test).
//!
//! The golden file holds the native CLI's per-epoch numbers for the default experiment
//! (`cargo run -- run --epochs 20 > tests/golden/default_experiment.jsonl`). wasm has no FMA,
//! native kernels do, so training losses are compared to 1e-4 relative (test losses to 1e-3); the final test accuracy must be
//! identical. Within wasm, replays must be bit-identical.
#![cfg(target_arch = "wasm32")]

use lantern::spec::ExperimentSpec;
use lantern::train::{run, Command, EpochMetrics, Event, Session};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn golden() -> Vec<EpochMetrics> {
    include_str!("golden/default_experiment.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("golden line parses"))
        .collect()
}

#[wasm_bindgen_test]
fn default_experiment_matches_native_within_tolerance() {
    let expected = golden();
    assert_eq!(expected.len(), 20);
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = expected.len();
    let got = run(&spec, |_| {}).expect("trains");
    let rel = |a: f64, b: f64| (a - b).abs() / b.abs();
    let (mut worst_train, mut worst_test): (f64, f64) = (0.0, 0.0);
    for (g, e) in got.iter().zip(&expected) {
        let r = rel(g.train_loss, e.train_loss);
        worst_train = worst_train.max(r);
        assert!(
            r <= 1e-4,
            "epoch {}: training loss wasm {} vs native {} (relative {r:e})",
            g.epoch,
            g.train_loss,
            e.train_loss
        );
        // The test loss is not trained on, so small weight differences show up more: looser.
        let r = rel(g.test_loss, e.test_loss);
        worst_test = worst_test.max(r);
        assert!(
            r <= 1e-3,
            "epoch {}: test loss wasm {} vs native {} (relative {r:e})",
            g.epoch,
            g.test_loss,
            e.test_loss
        );
    }
    assert_eq!(got.last().map(|m| m.test_accuracy), expected.last().map(|m| m.test_accuracy));
    web_sys_log(&format!(
        "wasm vs native golden over 20 epochs: worst relative difference, training loss {worst_train:e}, test loss {worst_test:e}"
    ));
}

#[wasm_bindgen_test]
fn same_seed_is_bit_identical_in_wasm() {
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 10;
    let a = run(&spec, |_| {}).expect("trains");
    let b = run(&spec, |_| {}).expect("trains");
    assert_eq!(a, b);
    spec.seed += 1;
    assert_ne!(run(&spec, |_| {}).expect("trains"), a);
}

#[wasm_bindgen_test]
fn session_protocol_in_wasm() {
    let mut s = Session::new();
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 3;
    assert!(matches!(
        s.handle(Command::Load { spec, changes: Vec::new() }).as_slice(),
        [Event::Loaded { .. }, Event::Plane { .. }, Event::Progress { .. }]
    ));
    s.handle(Command::Play);
    let events = s.tick(|| true);
    let [Event::Progress { epochs, done: true, .. }, Event::Fingerprint { .. }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(epochs.len(), 3);
}

#[wasm_bindgen_test]
fn dropout_and_batch_steps_replay_bit_identically_in_wasm() {
    use lantern::train::Trainer;
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 3;
    spec.model.dropout = 0.3;
    spec.data.validation_fraction = 0.1;
    let by_epoch = run(&spec, |_| {}).expect("trains");
    let mut t = Trainer::new(&spec).expect("builds");
    while !t.is_done() {
        t.run_batch().expect("steps");
    }
    assert_eq!(t.history(), by_epoch.as_slice());
    assert!(by_epoch.iter().all(|m| m.validation_loss.is_some()));
}

fn web_sys_log(s: &str) {
    wasm_bindgen_test::console_log!("{s}");
}

/// The fused relu gives candle's values and gradients bit for bit in wasm too, where `max`
/// is wasm's libm `fmaxf` (which keeps −0, unlike x86): signed zeros, NaN, both signs.
#[wasm_bindgen_test]
fn fused_relu_matches_candle_bit_for_bit_in_wasm() {
    use candle_core::{Device, Tensor, Var};
    let dev = Device::Cpu;
    let mut v: Vec<f32> =
        vec![0.0, -0.0, f32::NAN, -f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 1e-45, -1e-45, 3.0, -3.0];
    v.extend((0..590).map(|i| ((i as f32) * 0.377).sin() * (1 + i % 9) as f32));
    let h = Var::from_vec(v, (60, 10), &dev).unwrap();
    let w = Tensor::from_vec((0..600).map(|i| ((i as f32) * 1.3).cos()).collect::<Vec<_>>(), (60, 10), &dev).unwrap();
    let bits =
        |t: &Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let (f, p) = (lantern::model::ops::relu(h.as_tensor()).unwrap(), h.as_tensor().relu().unwrap());
    assert_eq!(bits(&f), bits(&p));
    let gf = (&f * &w).unwrap().sum_all().unwrap().backward().unwrap();
    let gp = (&p * &w).unwrap().sum_all().unwrap().backward().unwrap();
    assert_eq!(bits(gf.get(h.as_tensor()).unwrap()), bits(gp.get(h.as_tensor()).unwrap()));
    // The fused dense layer (bias added and summed four lanes at a time) against matmul and
    // broadcast_add: values and the weights' and bias's gradients.
    let x = Tensor::from_vec((0..9 * 6).map(|i| ((i as f32) * 0.91).sin()).collect::<Vec<_>>(), (9, 6), &dev).unwrap();
    let wv = Var::from_vec((0..6 * 7).map(|i| ((i as f32) * 0.23).cos()).collect(), (6, 7), &dev).unwrap();
    let bv = Var::from_vec((0..7).map(|i| i as f32 * 0.1 - 0.3).collect(), 7, &dev).unwrap();
    let fused = lantern::model::ops::dense(&x, wv.as_tensor(), bv.as_tensor()).unwrap();
    let plain = x.matmul(wv.as_tensor()).unwrap().broadcast_add(bv.as_tensor()).unwrap();
    assert_eq!(bits(&fused), bits(&plain));
    let gf = fused.sqr().unwrap().sum_all().unwrap().backward().unwrap();
    let gp = plain.sqr().unwrap().sum_all().unwrap().backward().unwrap();
    for v in [wv.as_tensor(), bv.as_tensor()] {
        assert_eq!(bits(gf.get(v).unwrap()), bits(gp.get(v).unwrap()));
    }
}

/// The fused softmax cross-entropy gives candle's `cross_entropy` loss and gradient bit for
/// bit in wasm too, where candle's sums of 16 numbers or more run in SIMD lanes (so the kernel
/// takes at most 15 classes and falls back beyond): 3, 10, 15 and 20 classes.
#[wasm_bindgen_test]
fn fused_softmax_matches_candle_bit_for_bit_in_wasm() {
    use candle_core::{Device, Tensor, Var};
    let dev = Device::Cpu;
    let bits =
        |t: &Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    for k in [3usize, 10, 15, 20] {
        let n = 97;
        let mut z: Vec<f32> = (0..n * k).map(|i| ((i as f32) * 0.618).sin() * (1.0 + (i % 7) as f32).powi(2)).collect();
        z[..4].copy_from_slice(&[0.0, -0.0, 1000.0, -1000.0]);
        for j in 0..k {
            z[k + j] = 2.5;
        }
        let y: Vec<f32> = (0..n).map(|i| ((i * 7 + i / 3) % k) as f32).collect();
        let yt = Tensor::from_slice(&y, (n, 1), &dev).unwrap();
        let targets = Tensor::from_vec(y.iter().map(|&v| v as u32).collect::<Vec<_>>(), n, &dev).unwrap();
        let zv = Var::from_slice(&z, (n, k), &dev).unwrap();
        let zz = (zv.as_tensor() * 1.37).unwrap();
        let fused = lantern::train::loss::softmax_cross_entropy(&zz, &yt).unwrap();
        let plain = candle_nn::loss::cross_entropy(&zz, &targets).unwrap();
        assert_eq!(bits(&fused), bits(&plain), "loss, k = {k}");
        let gf = (&fused * 3.1).unwrap().backward().unwrap();
        let gp = (&plain * 3.1).unwrap().backward().unwrap();
        assert_eq!(bits(gf.get(zv.as_tensor()).unwrap()), bits(gp.get(zv.as_tensor()).unwrap()), "gradient, k = {k}");
    }
}

/// The optimizer's in-place Adam (four lanes at a time in wasm) gives the bits of the same
/// update written as candle tensor ops, over 20 steps of a 2-layer network with 37 and 7
/// numbers per variable (so the 4-lane loop and its remainder both run).
#[wasm_bindgen_test]
fn adam_kernel_matches_the_tensor_form_in_wasm() {
    use candle_core::{Device, Tensor, Var};
    use lantern::spec::Optimizer;
    use lantern::train::optim::OptimizerState;
    let dev = Device::Cpu;
    let x =
        Tensor::from_vec((0..5 * 37).map(|i| ((i as f32) * 0.61).sin()).collect::<Vec<_>>(), (5, 37), &dev).unwrap();
    let make = || {
        let w = Var::from_vec((0..37 * 7).map(|i| ((i as f32) * 0.37).cos() * 0.3).collect(), (37, 7), &dev).unwrap();
        let b = Var::from_vec(vec![0.1f32, -0.0, 0.0, 0.2, -0.3, 0.05, 0.0], 7, &dev).unwrap();
        (w, b)
    };
    let loss = |w: &Var, b: &Var| {
        x.matmul(w.as_tensor())
            .unwrap()
            .broadcast_add(b.as_tensor())
            .unwrap()
            .tanh()
            .unwrap()
            .sqr()
            .unwrap()
            .mean_all()
            .unwrap()
    };
    let (kw, kb) = make();
    let (tw, tb) = make();
    let mut state = OptimizerState::for_params(Optimizer::Adam, &[(&kw, true), (&kb, false)]).unwrap();
    let mut slots: Vec<(Tensor, Tensor)> =
        [&tw, &tb].iter().map(|v| (v.zeros_like().unwrap(), v.zeros_like().unwrap())).collect();
    let (b1, b2, eps) = (0.9f64, 0.999f64, 1e-8f64);
    for t in 1..=20 {
        let g = loss(&kw, &kb).backward().unwrap();
        state.step_params(&[(&kw, true), (&kb, false)], &g, 0.01, 0.0, 0.0).unwrap();
        let g = loss(&tw, &tb).backward().unwrap();
        for (k, var) in [&tw, &tb].into_iter().enumerate() {
            let grad = g.get(var.as_tensor()).unwrap().detach();
            let (m, v) = &mut slots[k];
            *m = (m.affine(b1, 0.0).unwrap() + grad.affine(1.0 - b1, 0.0).unwrap()).unwrap();
            *v = (v.affine(b2, 0.0).unwrap() + grad.sqr().unwrap().affine(1.0 - b2, 0.0).unwrap()).unwrap();
            let m_hat = m.affine(1.0 / (1.0 - b1.powi(t)), 0.0).unwrap();
            let denom = v.affine(1.0 / (1.0 - b2.powi(t)), 0.0).unwrap().sqrt().unwrap().affine(1.0, eps).unwrap();
            let next = (var.as_tensor() - (m_hat / denom).unwrap().affine(0.01, 0.0).unwrap()).unwrap();
            var.set(&next).unwrap();
        }
    }
    let bits =
        |v: &Var| v.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&kw), bits(&tw));
    assert_eq!(bits(&kb), bits(&tb));
}

/// The models that are not networks give the native command line's numbers bit for bit in wasm
/// (tests/cli_learners.rs `GOLDEN`: the same specs, one JSON line per epoch).
#[wasm_bindgen_test]
fn learners_match_the_native_golden_runs_bit_for_bit() {
    use lantern::spec::learner::{BayesSpec, BoostingSpec, ForestSpec, KnnSpec, LearnerSpec, TreeSpec};
    let runs = [
        (
            "tree",
            LearnerSpec::Tree(TreeSpec { max_depth: Some(6), ..TreeSpec::default() }),
            include_str!("golden/learner_tree.jsonl"),
        ),
        (
            "forest",
            LearnerSpec::Forest(ForestSpec { trees: 10, ..ForestSpec::default() }),
            include_str!("golden/learner_forest.jsonl"),
        ),
        (
            "boosting",
            LearnerSpec::Boosting(BoostingSpec { rounds: 15, ..BoostingSpec::default() }),
            include_str!("golden/learner_boosting.jsonl"),
        ),
        ("knn", LearnerSpec::Knn(KnnSpec { k: 7, ..KnnSpec::default() }), include_str!("golden/learner_knn.jsonl")),
        ("bayes", LearnerSpec::Bayes(BayesSpec::default()), include_str!("golden/learner_bayes.jsonl")),
    ];
    for (family, learner, golden) in runs {
        let mut spec = ExperimentSpec::default();
        spec.model.learner = Some(Box::new(learner));
        let got = run(&spec, |_| {}).expect("trains");
        let lines: Vec<String> = got.iter().map(|m| serde_json::to_string(m).expect("JSON")).collect();
        assert_eq!(lines.join("\n") + "\n", golden, "{family}");
    }
    web_sys_log("tree, forest, boosting, k-NN and naive Bayes: the native golden runs, bit for bit");
}
