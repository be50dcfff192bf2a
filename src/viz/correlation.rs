//! The Pearson correlation heat map of numeric columns: cell `(i, j)` is coloured by the
//! correlation `r` of columns `i` and `j` on the diverging scale, orange at −1, near-white at 0,
//! blue at +1, with a colour bar on the right; `r` is written in the cell ("0.83") when it fits.
//!
//! `r = Σ (xₖ − x̄)(yₖ − ȳ) / √(Σ (xₖ − x̄)² · Σ (yₖ − ȳ)²)` over the rows where both
//! values are finite (pairwise-complete: a missing value drops that row from the pairs with its
//! column only), means taken over those same rows. Fewer than two such rows, or a column that
//! is constant on them, leave `r` undefined (NaN): a grey cell with "–".

use super::matrix::{draw_matrix, Cell, ColourBar};
use super::Theme;
pub use crate::data::distribution::pearson_matrix;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// Draws the heat map of the correlation matrix `r` (from [`pearson_matrix`]; its columns
/// named `names`) filling `area`. The matrix is computed once, where the data is (the page
/// gets it from the worker that read the file).
///
/// # Errors
/// [`crate::Error::Plot`] if `names` and `r` differ in length, or if the backend fails.
pub fn draw_correlation<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    names: &[String],
    r: &[Vec<f64>],
    theme: &Theme,
) -> Result<()> {
    check(names, r)?;
    let cell = |i: usize, j: usize| {
        let v = r[i][j];
        let fill = if v.is_nan() { theme.empty_plot } else { theme.diverging((v + 1.0) / 2.0) };
        let ink = if v > 0.55 { theme.background } else { theme.text };
        Cell { fill, lines: vec![format_r(v)], ink }
    };
    let colour = |t: f64| theme.diverging(t);
    let bar = ColourBar { colour: &colour, labels: ["-1", "0", "1"] };
    draw_matrix(area, names, names, ("", ""), cell, Some(bar), theme)?;
    Ok(())
}

/// The chart's accessible name: the strongest correlations (by |r|, at most five pairs).
///
/// `"Correlation heat map of 3 columns. Strongest: a and b 0.98, b and c -0.50, a and c
/// -0.42"`.
pub fn describe_correlation(names: &[String], r: &[Vec<f64>]) -> String {
    let n = r.len();
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("column {i}"));
    let mut pairs: Vec<(usize, usize, f64)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, r[i][j]))
        .filter(|p| p.2.is_finite())
        .collect();
    crate::order::sort_by_number(&mut pairs, crate::order::Direction::Descending, |p| p.2.abs());
    let mut text = format!("Correlation heat map of {n} columns");
    if pairs.is_empty() {
        text += ": no pair of columns has two rows with both values";
        return text;
    }
    let shown: Vec<String> =
        pairs.iter().take(5).map(|&(i, j, v)| format!("{} and {} {}", name(i), name(j), format_r(v))).collect();
    text += &format!(". Strongest: {}", shown.join(", "));
    let undefined = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).filter(|&(i, j)| r[i][j].is_nan()).count();
    if undefined > 0 {
        text += &format!("; {undefined} pairs undefined (too few rows or a constant column)");
    }
    text
}

fn check(names: &[String], r: &[Vec<f64>]) -> Result<()> {
    if names.len() != r.len() || r.iter().any(|row| row.len() != r.len()) {
        return Err(Error::Plot(format!("{} column names for a correlation matrix of {} rows", names.len(), r.len())));
    }
    Ok(())
}

/// `r` with two decimals, "–" when undefined.
fn format_r(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else {
        let s = format!("{v:.2}");
        if s == "-0.00" {
            "0.00".into()
        } else {
            s
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pearson_by_hand() {
        // x = 1, 2, 3, 4; y = 2, 4, 5, 9: x̄ = 2.5, ȳ = 5; dx = −1.5, −0.5, 0.5, 1.5;
        // dy = −3, −1, 0, 4. Σdxdy = 4.5 + 0.5 + 0 + 6 = 11; Σdx² = 5; Σdy² = 9 + 1 + 0 + 16 = 26.
        // r = 11 / √130 = 0.964764…
        let x = vec![1.0, 2.0, 3.0, 4.0];
        let y = vec![2.0, 4.0, 5.0, 9.0];
        // z = −x, with a missing value: pairs drop row 1 only where z is missing.
        let z = vec![-1.0, f64::NAN, -3.0, -4.0];
        let k = vec![7.0; 4];
        let m = pearson_matrix(&[x, y, z, k]);
        assert!((m[0][1] - 11.0 / 130f64.sqrt()).abs() < 1e-12);
        assert_eq!(m[0][1], m[1][0]);
        assert!((m[0][2] + 1.0).abs() < 1e-12, "x and −x over rows 0, 2, 3");
        // y and z over rows 0, 2, 3: y = 2, 5, 9 (ȳ = 16/3), z = −1, −3, −4 (z̄ = −8/3).
        // dy = −10/3, −1/3, 11/3; dz = 5/3, −1/3, −4/3. Σdydz = (−50 + 1 − 44)/9 = −93/9;
        // Σdy² = (100 + 1 + 121)/9 = 222/9; Σdz² = (25 + 1 + 16)/9 = 42/9.
        let want = -93.0 / (222.0f64 * 42.0).sqrt();
        assert!((m[1][2] - want).abs() < 1e-12, "{} vs {want}", m[1][2]);
        assert_eq!(m[0][0], 1.0);
        assert!(m[3][3].is_nan() && m[0][3].is_nan(), "a constant column has no correlation");
        assert!(pearson_matrix(&[vec![1.0], vec![2.0]])[0][1].is_nan());
    }

    #[test]
    fn formatting_and_description() {
        assert_eq!(format_r(-0.001), "0.00");
        assert_eq!(format_r(0.834), "0.83");
        let names = vec!["a".to_string(), "b".to_string()];
        let cols = vec![vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0]];
        let r = pearson_matrix(&cols);
        assert_eq!(describe_correlation(&names, &r), "Correlation heat map of 2 columns. Strongest: a and b -1.00");
        assert!(check(&names, &r[..1]).is_err());
    }
}
