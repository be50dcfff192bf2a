//! Partial dependence with ICE curves ([`FeatureDependence`]): the input's values across, in
//! the table's units, the model's output up (a class's probability on `[0, 1]`, or the
//! predicted value in the target's units). Each ICE curve — one test row with only this input
//! changed — is a thin translucent line; their mean, the partial dependence, is the bold line
//! on top. Parallel thin lines mean the input acts alone; lines that cross or fan out show
//! interactions that the mean hides. A grid of one value is drawn as points.

use super::frame::{self, Axis, Corner, Dash, LineStyle, Marker, Swatch};
use super::{compact_number, Theme};
use crate::error::Result;
use crate::train::FeatureDependence;
use plotters::coord::Shift;
use plotters::prelude::{Circle, Color, DrawingArea, DrawingBackend, PathElement};

/// `(lo, hi)` of the finite values, padded by 5 % (sane for none or one value).
fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) =
        values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let m = (hi - lo) * 0.05;
    frame::sane_range(lo - m, hi + m)
}

/// Whether the curves show a probability (drawn on `[0, 1]`).
fn is_probability(dep: &FeatureDependence) -> bool {
    dep.output.starts_with("probability")
}

/// The finite points of one curve over the grid.
fn points(grid: &[f64], values: &[f64]) -> Vec<(f64, f64)> {
    grid.iter().zip(values).filter(|(x, y)| x.is_finite() && y.is_finite()).map(|(&x, &y)| (x, y)).collect()
}

/// Draws `dep` filling `area` (see the module docs).
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_dependence<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    dep: &FeatureDependence,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let (xlo, xhi) = padded(dep.grid.iter().copied());
    let (ylo, yhi) =
        if is_probability(dep) { (0.0, 1.0) } else { padded(dep.ice.iter().flatten().chain(&dep.average).copied()) };
    let x = Axis::linear(xlo, xhi, crate::text::ellipsis(&dep.name, 40));
    let y = Axis::linear(ylo, yhi, crate::text::ellipsis(&dep.output, 40));
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    let plot = chart.plotting_area();
    let thin = theme.test_line.mix(if dep.ice.len() > 20 { 0.25 } else { 0.4 }).stroke_width(1);
    let single = dep.grid.len() < 2;
    for curve in &dep.ice {
        let pts = points(&dep.grid, curve);
        if single {
            for p in pts {
                plot.draw(&Circle::new(p, 3, theme.test_line.mix(0.4).filled()))?;
            }
        } else {
            plot.draw(&PathElement::new(pts, thin))?;
        }
    }
    let pd = points(&dep.grid, &dep.average);
    if single {
        for &p in &pd {
            plot.draw(&Circle::new(p, 5, theme.train_line.filled()))?;
        }
    } else {
        frame::draw_line(plot, pd.clone(), theme.train_line, Dash::Solid, 3)?;
    }
    let pixels = plot.strip_coord_spec();
    if pd.is_empty() {
        frame::draw_note(&pixels, "no values to show", theme)?;
    }
    let ice = LineStyle { color: theme.test_line, dash: Dash::Solid, marker: Marker::None };
    let mean = LineStyle { color: theme.train_line, dash: Dash::Solid, marker: Marker::None };
    let legend = [
        (format!("one test row ({} of {})", dep.ice.len(), dep.test_rows), Swatch::Line(ice)),
        (format!("average over {} rows", dep.rows), Swatch::Line(mean)),
    ];
    let rising = pd.first().zip(pd.last()).is_some_and(|(a, b)| b.1 >= a.1);
    frame::draw_legend(&pixels, &legend, if rising { Corner::TopLeft } else { Corner::TopRight }, theme)
}

/// The chart's text alternative: the input's range, where the average starts and ends, its
/// lowest and highest point, and how far the individual curves spread.
///
/// `"Partial dependence of probability of virginica on petal_length over 30 test rows: from 0.02
/// at 1.3 to 0.97 at 6.1, lowest 0.02 at 1.3, highest 0.97 at 6.1; 30 individual curves spread
/// up to 0.8 apart"`.
pub fn describe_dependence(dep: &FeatureDependence) -> String {
    let pd = points(&dep.grid, &dep.average);
    let (Some(first), Some(last)) = (pd.first(), pd.last()) else {
        return format!("Partial dependence of {} on {}: no values", dep.output, dep.name);
    };
    let low = pd.iter().copied().fold(*first, |a, p| if p.1 < a.1 { p } else { a });
    let high = pd.iter().copied().fold(*first, |a, p| if p.1 > a.1 { p } else { a });
    let spread = (0..dep.grid.len())
        .map(|g| {
            let vals = dep.ice.iter().filter_map(|c| c.get(g).copied()).filter(|v| v.is_finite());
            let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
            if lo <= hi {
                hi - lo
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max);
    let c = compact_number;
    format!(
        "Partial dependence of {} on {} over {} test rows: from {} at {} to {} at {}, lowest {} at {}, highest {} at {}; {} individual curves spread up to {} apart",
        dep.output,
        dep.name,
        dep.rows,
        c(first.1),
        c(first.0),
        c(last.1),
        c(last.0),
        c(low.1),
        c(low.0),
        c(high.1),
        c(high.0),
        dep.ice.len(),
        c(spread)
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    fn dep() -> FeatureDependence {
        FeatureDependence {
            feature: 0,
            name: "petal_length".into(),
            output: "probability of virginica".into(),
            grid: vec![1.0, 2.0, 3.0],
            average: vec![0.1, 0.5, 0.9],
            ice: vec![vec![0.0, 0.4, 1.0], vec![0.2, 0.6, 0.8]],
            rows: 2,
            test_rows: 2,
        }
    }

    #[test]
    fn draws_thin_curves_and_the_bold_mean_and_describes_them() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
            draw_dependence(&area, &dep(), &Theme::light()).unwrap();
            area.present().unwrap();
        }
        assert!(svg.contains("petal_length") && svg.contains("probability of virginica"));
        assert!(svg.contains("average over 2 rows") && svg.contains("one test row (2 of 2)"));
        assert_eq!(
            describe_dependence(&dep()),
            "Partial dependence of probability of virginica on petal_length over 2 test rows: from 0.1 at 1 to 0.9 at 3, \
             lowest 0.1 at 1, highest 0.9 at 3; 2 individual curves spread up to 0.2 apart"
        );
    }
}
