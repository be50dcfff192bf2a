//! A search's runs: the score of each run against each setting searched, one small scatter per
//! setting side by side (a log axis for a log-scale range), the best run marked apart.

use super::frame::{self, Axis, Marker, Scale};
use super::{compact_number, Theme};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// One setting searched: its name and range.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchedSetting {
    /// The axis title ("learning rate").
    pub name: String,
    /// Smallest value of the range.
    pub lo: f64,
    /// Largest value of the range.
    pub hi: f64,
    /// A log axis.
    pub log: bool,
}

/// One run of the search: its value of each setting (in the settings' order) and its score.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchedRun {
    /// Values, one per setting.
    pub values: Vec<f64>,
    /// Its score (not finite: a failed run, not drawn).
    pub score: f64,
}

/// Draws the score of each run against each setting; `best` (an index into `runs`) is drawn
/// as a larger diamond.
///
/// # Errors
/// As drawing fails.
pub fn draw_search_scores<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    settings: &[SearchedSetting],
    runs: &[SearchedRun],
    best: Option<usize>,
    score_title: &str,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let scores: Vec<f64> = runs.iter().map(|r| r.score).filter(|s| s.is_finite()).collect();
    let (lo, hi) = scores.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &s| (a.min(s), b.max(s)));
    let pad = if hi > lo { (hi - lo) * 0.08 } else { 0.0 };
    let y = Axis::linear(lo - pad, hi + pad, score_title);
    let panels = area.split_evenly((1, settings.len().max(1)));
    for (k, (panel, s)) in panels.iter().zip(settings).enumerate() {
        let at = |v: f64| if s.log { v.max(f64::MIN_POSITIVE).log10() } else { v };
        let x = if s.log {
            Axis { lo: at(s.lo), hi: at(s.hi), title: format!("{} (log scale)", s.name), scale: Scale::Log10 }
        } else {
            Axis::linear(s.lo, s.hi, s.name.clone())
        };
        let chart = frame::chart(panel, &x, &y, 0, theme)?;
        let plot = chart.plotting_area();
        let style = frame::series_style(0);
        for (i, r) in runs.iter().enumerate() {
            let Some(&v) = r.values.get(k) else { continue };
            if r.score.is_finite() && v.is_finite() && best != Some(i) {
                frame::draw_marker(plot, (at(v), r.score), Marker::Circle, style.color, 3)?;
            }
        }
        if let Some(r) = best.and_then(|b| runs.get(b)) {
            if let Some(&v) = r.values.get(k) {
                frame::draw_marker(plot, (at(v), r.score), Marker::Diamond, frame::series_style(1).color, 6)?;
            }
        }
        if scores.is_empty() && k == 0 {
            frame::draw_note(&plot.strip_coord_spec(), "no finished runs yet", theme)?;
        }
    }
    Ok(())
}

/// The chart in words: per setting, the range searched and the best run's value and score.
pub fn describe_search_scores(
    settings: &[SearchedSetting],
    runs: &[SearchedRun],
    best: Option<usize>,
    score_title: &str,
) -> String {
    let done = runs.iter().filter(|r| r.score.is_finite()).count();
    let names: Vec<String> = settings
        .iter()
        .map(|s| {
            let scale = if s.log { ", log scale" } else { "" };
            format!("{} from {} to {}{scale}", s.name, compact_number(s.lo), compact_number(s.hi))
        })
        .collect();
    let head = format!("{score_title} of {done} search runs against {}", names.join(" and "));
    match best.and_then(|b| runs.get(b)) {
        Some(r) => {
            let at: Vec<String> =
                settings.iter().zip(&r.values).map(|(s, v)| format!("{} {}", s.name, compact_number(*v))).collect();
            format!("{head}; best {} at {}", compact_number(r.score), at.join(", "))
        }
        None => format!("{head}; no finished runs yet"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    #[test]
    fn draws_and_describes_each_setting() {
        let settings = vec![
            SearchedSetting { name: "learning rate".into(), lo: 1e-4, hi: 1e-1, log: true },
            SearchedSetting { name: "hidden".into(), lo: 4.0, hi: 64.0, log: false },
        ];
        let runs = vec![
            SearchedRun { values: vec![0.01, 16.0], score: 0.9 },
            SearchedRun { values: vec![0.0003, 60.0], score: 0.5 },
            SearchedRun { values: vec![0.05, 4.0], score: f64::NAN },
        ];
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
            draw_search_scores(&area, &settings, &runs, Some(0), "validation accuracy", &Theme::default()).unwrap();
        }
        assert!(svg.contains("learning rate (log scale)") && svg.contains("hidden"), "{svg}");
        let text = describe_search_scores(&settings, &runs, Some(0), "Validation accuracy");
        assert_eq!(
            text,
            "Validation accuracy of 2 search runs against learning rate from 1e-4 to 0.1, log scale and hidden \
             from 4 to 64; best 0.9 at learning rate 0.01, hidden 16"
        );
    }
}
