//! The drift chart: training against new data on shared bins, from precomputed shares
//! (`ShareOverlay`, as drift monitoring makes them), numeric and categorical.

use super::*;
#[allow(unused_imports)]
use super::{charts::*, data_view::*, decision::*};
use lantern::viz::{describe_share_overlay, draw_share_overlay, OverlayBins, ShareOverlay};

#[test]
pub(super) fn share_overlay_of_numeric_bins() {
    let theme = Theme::light();
    // Four bins [0,1) … [3,4]: training 10/40/40/10 %, new 0/10/30/60 %.
    let overlay = ShareOverlay {
        name: "bill_length_mm".into(),
        bins: OverlayBins::Edges(vec![0.0, 1.0, 2.0, 3.0, 4.0]),
        reference: vec![0.1, 0.4, 0.4, 0.1],
        current: vec![0.0, 0.1, 0.3, 0.6],
        counts: (200, 50),
    };
    let svg = svg_of(LARGE, |a| draw_share_overlay(a, &overlay, ("training", "new"), &theme));
    for t in ["training (200)", "new (50)", "bill_length_mm", "share of rows (%)"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // One filled bar per non-empty training bin; the new shares as one step line (and its
    // legend sample).
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 4 + 1, "4 bars and the legend swatch");
    assert_eq!(polylines(&svg, theme.negative).len(), 2);
    check_snapshot("drift_numeric", &svg);
    assert_eq!(
        describe_share_overlay(&overlay, ("training", "new")),
        "Distribution of bill_length_mm, training against new: training 200 values, new 50 values; \
         largest difference from 3 to 4: 10% against 60%"
    );
}

#[test]
pub(super) fn share_overlay_of_categories() {
    let theme = Theme::light();
    let overlay = ShareOverlay {
        name: "island".into(),
        bins: OverlayBins::Labels(vec!["Biscoe".into(), "Dream".into(), "Torgersen".into(), "(unseen)".into()]),
        reference: vec![0.5, 0.35, 0.15, 0.0],
        current: vec![0.2, 0.6, 0.1, 0.1],
        counts: (240, 30),
    };
    let svg = svg_of(LARGE, |a| draw_share_overlay(a, &overlay, ("training", "new"), &theme));
    for t in ["island", "training (240)", "new (30)", "Biscoe", "(unseen)", "50.0% → 20.0%", "0.0% → 10.0%"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // Filled training bars for the three seen categories (none for 0 %), plus the legend.
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 3 + 1);
    // The new shares as outlined bars: four categories with a share, in the orange stroke.
    let outlines = svg.matches(&format!("stroke=\"{}\"", hex(theme.negative))).count();
    assert!(outlines >= 4, "{outlines}");
    // Bar lengths are proportional to the shares: Dream's new 60 % is the longest outline, so
    // the widest training bar (Biscoe, 50 %) is 5/6 of it.
    let bars = rects(&svg, &hex(theme.positive));
    let widest = bars.iter().map(|r| r.2).max().unwrap();
    assert!(widest > 300, "{bars:?}");
    check_snapshot("drift_categories", &svg);
    assert_eq!(
        describe_share_overlay(&overlay, ("training", "new")),
        "Distribution of island, training against new: training 240 values, new 30 values; \
         largest difference at Biscoe: 50% against 20%"
    );
}
