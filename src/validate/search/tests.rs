use super::*;

fn float(name: &str, lo: f64, hi: f64, log: bool) -> Param {
    Param { name: name.into(), range: Range::Float { lo, hi, log } }
}

fn int(name: &str, lo: i64, hi: i64, log: bool) -> Param {
    Param { name: name.into(), range: Range::Int { lo, hi, log } }
}

fn choice(name: &str, k: usize) -> Param {
    Param { name: name.into(), range: Range::Choice { options: (0..k).map(|i| format!("o{i}")).collect() } }
}

#[test]
fn space_refusals() {
    assert!(check_space(&[]).is_err());
    assert!(check_space(&[float("a", 1.0, 1.0, false)]).is_err());
    assert!(check_space(&[float("a", 0.0, 1.0, true)]).is_err());
    assert!(check_space(&[float("a", 0.0, f64::INFINITY, false)]).is_err());
    assert!(check_space(&[int("a", 0, 5, true)]).is_err());
    assert!(check_space(&[int("a", 3, 2, false)]).is_err());
    assert!(check_space(&[choice("a", 0)]).is_err());
    assert!(check_space(&[float("a", 0.0, 1.0, false), int("a", 1, 2, false)]).is_err());
    let e = check_space(&[float("lr", 0.0, 1.0, true)]).unwrap_err();
    assert!(e.to_string().contains("`lr`") && e.to_string().contains("above 0"), "{e}");
    assert!(check_space(&[int("a", 2, 2, false), choice("b", 1), float("c", 1e-5, 1.0, true)]).is_ok());
    let bad = TpeSettings { gamma: 1.0, ..Default::default() };
    assert!(Tuner::new(vec![choice("a", 2)], Method::Tpe(bad), Better::Higher, 1).is_err());
}

#[test]
fn random_draws_cover_each_scale() {
    let space = [float("lr", 1e-4, 1.0, true), int("depth", 1, 4, false), choice("act", 3), int("width", 1, 64, true)];
    let mut small_lr = 0;
    let mut depths = [0usize; 4];
    let mut acts = [0usize; 3];
    let n = 4000;
    for i in 0..n {
        let s = propose(&space, &Method::Random, Better::Higher, 5, i, &[]);
        let Value::Float(lr) = s[0] else { panic!() };
        assert!((1e-4..=1.0).contains(&lr));
        small_lr += usize::from(lr < 1e-2);
        let Value::Int(d) = s[1] else { panic!() };
        depths[(d - 1) as usize] += 1;
        let Value::Choice(a) = s[2] else { panic!() };
        acts[a] += 1;
        let Value::Int(w) = s[3] else { panic!() };
        assert!((1..=64).contains(&w));
    }
    // Log scale: half of the draws below 10⁻² (the middle of 10⁻⁴ … 1 in logarithm).
    assert!((small_lr as f64 / n as f64 - 0.5).abs() < 0.03, "{small_lr}");
    assert!(depths.iter().all(|&c| (c as f64 / n as f64 - 0.25).abs() < 0.03), "{depths:?}");
    assert!(acts.iter().all(|&c| (c as f64 / n as f64 - 1.0 / 3.0).abs() < 0.03), "{acts:?}");
}

#[test]
fn proposals_depend_only_on_seed_index_and_history() {
    let space = [float("x", -1.0, 1.0, false), choice("c", 4)];
    let a = propose(&space, &Method::Random, Better::Higher, 3, 7, &[]);
    assert_eq!(a, propose(&space, &Method::Random, Better::Higher, 3, 7, &[]));
    assert_ne!(a, propose(&space, &Method::Random, Better::Higher, 3, 8, &[]));
    assert_ne!(a, propose(&space, &Method::Random, Better::Higher, 4, 7, &[]));
    // A batch equals the same proposals made one at a time from the same history.
    let mut t = Tuner::new(space.to_vec(), Method::Tpe(TpeSettings::default()), Better::Higher, 9).unwrap();
    for _ in 0..12 {
        let (i, s) = t.propose();
        let score = -s[0].as_f64().powi(2);
        t.observe(i, s, score);
    }
    let mut u = t.clone();
    let batch = t.propose_batch(3);
    let one_by_one: Vec<(usize, Setting)> = (0..3).map(|_| u.propose()).collect();
    assert_eq!(batch, one_by_one);
}

#[test]
fn observing_out_of_order_keeps_proposal_order() {
    let mut t = Tuner::new(vec![float("x", 0.0, 1.0, false)], Method::Random, Better::Lower, 1).unwrap();
    let batch = t.propose_batch(3);
    for (i, s) in batch.iter().rev() {
        t.observe(*i, s.clone(), *i as f64);
    }
    assert_eq!(t.history().iter().map(|h| h.index).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(t.best().unwrap().index, 0, "lower is better");
    t.observe(3, batch[0].1.clone(), f64::NAN);
    assert_eq!(t.best().unwrap().index, 0, "a failed run is never best");
}

/// Objectives to minimise, each with its space.
fn sphere(s: &Setting) -> f64 {
    s.iter().map(|v| (v.as_f64() - 1.3).powi(2)).sum()
}

fn sphere_space() -> Vec<Param> {
    (0..3).map(|i| float(&format!("x{i}"), -5.0, 5.0, false)).collect()
}

/// A learning rate on a log scale, a depth, an activation: the optimum at 10^-2.5, depth 7, option 0.
fn mixed(s: &Setting) -> f64 {
    let lr = s[0].as_f64();
    (libm::log10(lr) + 2.5).powi(2) + 0.1 * (s[1].as_f64() - 7.0).powi(2) + [0.0, 1.0, 2.0][s[2].as_f64() as usize]
}

fn mixed_space() -> Vec<Param> {
    vec![float("lr", 1e-5, 1.0, true), int("depth", 1, 12, false), choice("act", 3)]
}

/// Branin on [−5, 10] × [0, 15]; minimum 0.397887.
fn branin(s: &Setting) -> f64 {
    let (x, y) = (s[0].as_f64(), s[1].as_f64());
    let pi = std::f64::consts::PI;
    let b = 5.1 / (4.0 * pi * pi);
    (y - b * x * x + 5.0 / pi * x - 6.0).powi(2) + 10.0 * (1.0 - 1.0 / (8.0 * pi)) * libm::cos(x) + 10.0
}

fn branin_space() -> Vec<Param> {
    vec![float("x", -5.0, 10.0, false), float("y", 0.0, 15.0, false)]
}

/// The best (lowest) value after `budget` sequential trials.
fn best_after(space: &[Param], f: fn(&Setting) -> f64, method: Method, seed: u64, budget: usize) -> (f64, Vec<Trial>) {
    let mut t = Tuner::new(space.to_vec(), method, Better::Lower, seed).unwrap();
    for _ in 0..budget {
        let (i, s) = t.propose();
        let v = f(&s);
        t.observe(i, s, v);
    }
    (t.best().unwrap().score, t.history().to_vec())
}

#[test]
fn tpe_beats_random_search_on_average() {
    let objectives: [(&str, Vec<Param>, fn(&Setting) -> f64); 3] =
        [("sphere", sphere_space(), sphere), ("mixed", mixed_space(), mixed), ("branin", branin_space(), branin)];
    let (seeds, budget) = (12u64, 40);
    for (name, space, f) in objectives {
        let mean = |method: &Method| {
            (0..seeds).map(|seed| best_after(&space, f, method.clone(), seed, budget).0).sum::<f64>() / seeds as f64
        };
        let random = mean(&Method::Random);
        let tpe = mean(&Method::Tpe(TpeSettings::default()));
        println!("{name}: mean best after {budget}: random {random:.4}, TPE {tpe:.4}");
        assert!(tpe < random, "{name}: TPE {tpe} is not better than random {random}");
    }
}

#[test]
fn searches_are_deterministic() {
    for method in [Method::Random, Method::Tpe(TpeSettings::default())] {
        let a = best_after(&mixed_space(), mixed, method.clone(), 4, 25).1;
        let b = best_after(&mixed_space(), mixed, method.clone(), 4, 25).1;
        assert_eq!(a, b);
        assert_ne!(a, best_after(&mixed_space(), mixed, method, 5, 25).1);
    }
    // TPE's first `startup` proposals are the random search's.
    let r = best_after(&branin_space(), branin, Method::Random, 2, 10).1;
    let t = best_after(&branin_space(), branin, Method::Tpe(TpeSettings::default()), 2, 10).1;
    assert_eq!(r, t);
}

#[test]
fn tpe_moves_towards_good_settings() {
    // After the random start, TPE's proposals land nearer the optimum than random ones.
    let (_, hist) = best_after(&sphere_space(), sphere, Method::Tpe(TpeSettings::default()), 1, 60);
    let late: f64 = hist[40..].iter().map(|t| t.score).sum::<f64>() / 20.0;
    let early: f64 = hist[..10].iter().map(|t| t.score).sum::<f64>() / 10.0;
    assert!(late < early / 3.0, "early {early}, late {late}");
    // Failed trials are avoided like bad ones and never break the search.
    let mut tu =
        Tuner::new(vec![float("x", 0.0, 1.0, false)], Method::Tpe(TpeSettings::default()), Better::Higher, 3).unwrap();
    for _ in 0..30 {
        let (i, s) = tu.propose();
        let x = s[0].as_f64();
        tu.observe(i, s, if x > 0.5 { f64::NAN } else { 1.0 - x });
    }
    let proposed_late = tu.history()[20..].iter().filter(|t| t.setting[0].as_f64() <= 0.5).count();
    assert!(proposed_late >= 7, "{proposed_late} of 10 late proposals avoid the failing half");
}
