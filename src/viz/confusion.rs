//! The confusion matrix as a heat map: rows are the actual classes, columns the predicted ones,
//! cell `(i, j)` counts the rows of class `i` predicted as `j`.
//!
//! Each cell shows its count and its row-normalised rate `counts[i][j] / Σⱼ counts[i][j]` (the
//! share of class `i` predicted as `j`, so the diagonal is each class's recall), e.g. "12" over
//! "80%". The fill's strength follows that rate, from the background (0 %) to full colour
//! (100 %): blue ([`Theme::positive`]) on the diagonal (correct), in proportion to the rate,
//! and orange ([`Theme::negative`]) off it (mistakes), in proportion to √rate so that a rare
//! mistake (10 % → 32 % strength) still shows. The two kinds are told apart by position as
//! well as by hue. A class with no rows has grey cells and "–" for its rates.

use super::matrix::{draw_matrix, Cell};
use super::{lerp_color, Theme};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor};

/// Draws the confusion matrix `counts` (rows = actual, columns = predicted, square) with the
/// class names along both axes ("Predicted" below, "Actual" on the left), filling `area`.
/// Missing names are written "class k".
///
/// # Errors
/// [`crate::Error::Plot`] if `counts` is not square, or if the backend fails.
pub fn draw_confusion_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    counts: &[Vec<u64>],
    class_names: &[String],
    theme: &Theme,
) -> Result<()> {
    check_square(counts)?;
    let n = counts.len();
    let names: Vec<String> = (0..n).map(|i| class_name(class_names, i)).collect();
    let totals: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
    let cell = |i: usize, j: usize| {
        let count = counts[i][j];
        let rate = row_rate(count, totals[i]);
        let (fill, ink) = cell_colours(i == j, rate, theme);
        Cell { fill, lines: vec![count.to_string(), percent(rate)], ink }
    };
    draw_matrix(area, &names, &names, ("Predicted", "Actual"), cell, None, theme)?;
    Ok(())
}

/// The chart's accessible name: rows, accuracy, and per class its recall and its most
/// frequent confusion.
///
/// `"Confusion matrix of 3 classes over 150 rows, 95% correct. setosa: 50 of 50 correct
/// (100%). versicolor: 45 of 50 correct (90%), most often predicted as virginica (5). …"`
pub fn describe_confusion_matrix(counts: &[Vec<u64>], class_names: &[String]) -> String {
    let n = counts.len();
    let total: u64 = counts.iter().flatten().sum();
    let correct: u64 = (0..n).map(|i| counts[i].get(i).copied().unwrap_or(0)).sum();
    let mut text =
        format!("Confusion matrix of {n} classes over {total} rows, {} correct.", percent(row_rate(correct, total)));
    for (i, row) in counts.iter().enumerate() {
        let row_total: u64 = row.iter().sum();
        let hits = row.get(i).copied().unwrap_or(0);
        text += &format!(" {}: {hits} of {row_total} correct", class_name(class_names, i));
        if row_total > 0 {
            text += &format!(" ({})", percent(row_rate(hits, row_total)));
        }
        let worst =
            row.iter().enumerate().filter(|&(j, &c)| j != i && c > 0).max_by_key(|&(j, &c)| (c, usize::MAX - j));
        if let Some((j, &c)) = worst {
            text += &format!(", most often predicted as {} ({c})", class_name(class_names, j));
        }
        text.push('.');
    }
    text
}

fn check_square(counts: &[Vec<u64>]) -> Result<()> {
    let n = counts.len();
    match counts.iter().position(|r| r.len() != n) {
        Some(i) => Err(Error::Plot(format!(
            "a confusion matrix of {n} classes needs {n} counts per row, row {i} has {}",
            counts[i].len()
        ))),
        None => Ok(()),
    }
}

fn class_name(names: &[String], i: usize) -> String {
    names.get(i).cloned().unwrap_or_else(|| format!("class {i}"))
}

/// `count / total`, NaN when the total is 0.
pub(crate) fn row_rate(count: u64, total: u64) -> f64 {
    if total == 0 {
        f64::NAN
    } else {
        count as f64 / total as f64
    }
}

/// A rate as a whole percentage, never rounding a non-zero rate to "0%" or a rate below one
/// to "100%": `"<1%"`, `">99%"`; NaN is `"–"`.
pub(crate) fn percent(rate: f64) -> String {
    if rate.is_nan() {
        "–".into()
    } else if rate > 0.0 && rate < 0.005 {
        "<1%".into()
    } else if (0.995..1.0).contains(&rate) {
        ">99%".into()
    } else {
        format!("{:.0}%", rate * 100.0)
    }
}

/// Fill and text colour of a cell with row rate `rate` (see the module docs).
fn cell_colours(diagonal: bool, rate: f64, theme: &Theme) -> (RGBColor, RGBColor) {
    if rate.is_nan() {
        return (theme.empty_plot, theme.text);
    }
    if diagonal {
        let ink = if rate > 0.5 { theme.background } else { theme.text };
        (lerp_color(theme.background, theme.positive, rate), ink)
    } else {
        (lerp_color(theme.background, theme.negative, rate.sqrt()), theme.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(0.001), "<1%");
        assert_eq!(percent(0.999), ">99%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(f64::NAN), "–");
        assert_eq!(percent(2.0 / 3.0), "67%");
    }

    #[test]
    fn description_by_hand() {
        let m = vec![vec![8, 2], vec![0, 0]];
        let names = vec!["no".to_string()];
        assert_eq!(
            describe_confusion_matrix(&m, &names),
            "Confusion matrix of 2 classes over 10 rows, 80% correct. no: 8 of 10 correct (80%), \
             most often predicted as class 1 (2). class 1: 0 of 0 correct."
        );
        assert!(check_square(&[vec![1, 2], vec![3]]).is_err());
    }
}
