//! The prepared iris and penguins matrices, checked against statistics computed here
//! independently: the raw CSV is split on commas by hand (these files have no quoting), and
//! means, population standard deviations and category lists are computed with plain
//! arithmetic over the training rows the split reports.

use lantern::data::builtin::builtin;
use lantern::data::csv::{read_csv, ReadOptions};
use lantern::data::prepare::{prepare, PrepareSpec, SplitFractions};

/// Raw cells: header and rows of strings.
fn raw(name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = builtin(name).expect("bundled").csv().expect("compiled in");
    let mut lines = text.lines();
    let header = lines.next().expect("header").split(',').map(str::to_string).collect();
    let rows = lines.map(|l| l.split(',').map(str::to_string).collect()).collect();
    (header, rows)
}

fn number(cell: &str) -> Option<f64> {
    if cell == "NA" || cell.is_empty() {
        None
    } else {
        Some(cell.parse().expect("number"))
    }
}

fn check(name: &str, target: &str) {
    let (header, rows) = raw(name);
    let table = read_csv(builtin(name).unwrap().csv().unwrap().as_bytes(), &ReadOptions::default()).unwrap().table;
    let spec = PrepareSpec { target: Some(target.into()), ..Default::default() };
    let p = prepare(&table, &spec, SplitFractions { train: 0.7, validation: 0.1 }, 11).unwrap();
    let (train, validation, test) = &p.rows;
    let ti = header.iter().position(|h| h == target).unwrap();
    // Every row with a target is used exactly once.
    let mut all: Vec<usize> = train.iter().chain(validation).chain(test).copied().collect();
    all.sort_unstable();
    let with_target: Vec<usize> = (0..rows.len()).filter(|&r| rows[r][ti] != "NA").collect();
    assert_eq!(all, with_target);
    // Stratified: each class's share of the training rows is within one row of 70 %.
    let mut classes: Vec<&str> = with_target.iter().map(|&r| rows[r][ti].as_str()).collect();
    classes.sort_unstable();
    classes.dedup();
    for c in &classes {
        let total = with_target.iter().filter(|&&r| rows[r][ti] == *c).count() as f64;
        let in_train = train.iter().filter(|&&r| rows[r][ti] == *c).count() as f64;
        assert!((in_train - 0.7 * total).abs() <= 1.0, "{name} class {c}: {in_train} of {total} in training");
    }

    let width = p.split.train.width();
    let names = &p.fitted.output_names;
    for (j, out) in names.iter().enumerate() {
        let (column, category) = match out.split_once('=') {
            Some((c, v)) => (c, Some(v)),
            None => (out.as_str(), None),
        };
        let ci = header.iter().position(|h| h == column).unwrap();
        match category {
            None => {
                // Mean imputation, then standardisation with the training mean and population sd.
                let present: Vec<f64> = train.iter().filter_map(|&r| number(&rows[r][ci])).collect();
                let mean = present.iter().sum::<f64>() / present.len() as f64;
                let filled: Vec<f64> = train.iter().map(|&r| number(&rows[r][ci]).unwrap_or(mean)).collect();
                let sd = (filled.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / filled.len() as f64).sqrt();
                for (part, idx) in [(&p.split.train, train), (&p.split.test, test), (&p.validation, validation)] {
                    for (i, &r) in idx.iter().enumerate() {
                        let want = (number(&rows[r][ci]).unwrap_or(mean) - mean) / sd;
                        let got = f64::from(part.x[i * width + j]);
                        assert!((got - want).abs() < 1e-5, "{name} {out} row {r}: {got} vs {want}");
                    }
                }
                let col: Vec<f64> = (0..train.len()).map(|i| f64::from(p.split.train.x[i * width + j])).collect();
                let m = col.iter().sum::<f64>() / col.len() as f64;
                let s = (col.iter().map(|v| (v - m).powi(2)).sum::<f64>() / col.len() as f64).sqrt();
                assert!(m.abs() < 1e-5 && (s - 1.0).abs() < 1e-5, "{name} {out}: train mean {m}, sd {s}");
            }
            Some(cat) => {
                // One-hot: 1 exactly where the raw text equals the category (missing → most frequent).
                let mut counts: Vec<(&str, usize)> = Vec::new();
                for &r in train.iter() {
                    let v = rows[r][ci].as_str();
                    if v == "NA" {
                        continue;
                    }
                    match counts.iter_mut().find(|(k, _)| *k == v) {
                        Some(e) => e.1 += 1,
                        None => counts.push((v, 1)),
                    }
                }
                let most = counts.iter().fold(("", 0), |b, &(k, n)| if n > b.1 { (k, n) } else { b }).0;
                for (i, &r) in train.iter().enumerate() {
                    let v = if rows[r][ci] == "NA" { most } else { rows[r][ci].as_str() };
                    let want = if v == cat { 1.0 } else { 0.0 };
                    assert_eq!(p.split.train.x[i * width + j], want, "{name} {out} row {r}");
                }
            }
        }
    }
    // Targets: class index in sorted class order.
    for (i, &r) in train.iter().enumerate() {
        let want = classes.iter().position(|c| *c == rows[r][ti]).unwrap() as f32;
        assert_eq!(p.split.train.y[i], want);
    }
}

#[test]
fn iris_prepared_matrix_matches_independent_statistics() {
    check("iris", "species");
}

#[test]
fn penguins_prepared_matrix_matches_independent_statistics() {
    check("penguins", "species");
}

#[test]
fn penguins_by_sex_drops_rows_without_a_target() {
    check("penguins", "sex");
}
