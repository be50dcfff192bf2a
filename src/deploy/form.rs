//! What a prediction form needs from a model card: one field per original input column —
//! numbers with their training range, or the training categories — pre-filled with a typical
//! training row, and a short summary of the model in words.

use super::card::{InputKind, ModelCard};
use super::reference::ReferenceStats;
use crate::choice::Choice;
use crate::compare::model_name;
use crate::spec::DataSource;
use crate::train::Evaluation;

/// One field of the prediction form.
#[derive(Clone, Debug, PartialEq)]
pub struct FormField {
    /// The input column's name (the form sends it with the value).
    pub name: String,
    /// `None` for a number; the training categories, in the model's order, for a category.
    pub categories: Option<Vec<String>>,
    /// Smallest and largest training value of a numeric column (NaN when unknown).
    pub range: (f64, f64),
    /// The typical value the field starts with (see [`typical_value`]).
    pub typical: String,
}

/// The form's fields, in the model's input order.
pub fn form_fields(card: &ModelCard) -> Vec<FormField> {
    card.inputs
        .iter()
        .map(|input| {
            let (categories, range) = match &input.kind {
                InputKind::Numeric { min, max, .. } => (None, (*min, *max)),
                InputKind::Categorical { categories, .. } => (Some(categories.clone()), (f64::NAN, f64::NAN)),
            };
            FormField { name: input.name.clone(), categories, range, typical: typical_value(card, &input.name) }
        })
        .collect()
}

/// A typical training value of input `name`, as form text: for a number the median of the
/// training values the card keeps (all of them, or its 2,000-value sample), taking the lower of
/// the two middle values for an even count so that it is a value seen in training; for a
/// category the most frequent training category (the first in the model's order on ties).
/// Without kept values, the value a missing cell is filled with. Numbers are written in their
/// shortest exact form (`39.1`).
pub fn typical_value(card: &ModelCard, name: &str) -> String {
    let reference = card.reference.iter().find(|r| r.name == name).map(|r| &r.stats);
    let kind = card.input(name).map(|i| &i.kind);
    match (reference, kind) {
        (Some(ReferenceStats::Numeric { sample, .. }), _) if !sample.is_empty() => {
            format!("{}", sample[(sample.len() - 1) / 2])
        }
        (Some(ReferenceStats::Categorical { categories, counts }), _) if counts.iter().any(|&c| c > 0) => {
            let best = counts.iter().copied().max().unwrap_or(0);
            let i = counts.iter().position(|&c| c == best).unwrap_or(0);
            categories.get(i).cloned().unwrap_or_default()
        }
        (_, Some(InputKind::Numeric { fill, .. })) => format!("{fill}"),
        (_, Some(InputKind::Categorical { fill, .. })) => fill.clone(),
        (_, None) => String::new(),
    }
}

/// The typical row: every input with its [`typical_value`].
pub fn typical_row(card: &ModelCard) -> Vec<(String, String)> {
    card.inputs.iter().map(|i| (i.name.clone(), typical_value(card, &i.name))).collect()
}

/// The model card in a few labelled lines, for the page: model (and layer widths), target and
/// classes, inputs, training data and length, headline test metrics, and export date.
pub fn card_summary(card: &ModelCard) -> Vec<(&'static str, String)> {
    let a = &card.architecture;
    let mut widths = vec![a.inputs];
    widths.extend(&a.hidden);
    widths.push(a.outputs);
    let widths: Vec<String> = widths.iter().map(usize::to_string).collect();
    let target = if card.class_names.is_empty() {
        format!("{} (regression)", card.target)
    } else {
        format!("{} ({} classes: {})", card.target, card.class_names.len(), card.class_names.join(", "))
    };
    let data = match &card.spec.data.source {
        DataSource::Synthetic { generator, points, .. } => {
            format!("generated {} data ({points} points)", generator.name())
        }
        DataSource::Builtin { name } => format!("the bundled {name} table"),
        DataSource::File { name } => format!("`{name}`"),
    };
    let t = &card.training;
    let kept = t.stopped_at.map_or(String::new(), |e| format!(", weights of epoch {e} kept"));
    let metrics: Vec<String> = ModelCard::headline(&card.test)
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(name, v)| format!("{} {v:.4}", name.replace('_', " ")))
        .collect();
    let test_rows = match &card.test {
        Evaluation::Classification(r) => r.n,
        Evaluation::Regression(r) => r.n,
    };
    vec![
        (
            "model",
            format!(
                "{} ({}; {} trainable numbers)",
                model_name(&card.spec, Some(card.task)),
                widths.join(" → "),
                a.parameters
            ),
        ),
        ("target", target),
        ("inputs", card.input_names().join(", ")),
        ("trained", format!("{} epochs on {} rows of {data} (seed {}){kept}", t.epochs, t.rows.train, card.spec.seed)),
        ("test", format!("{} ({test_rows} rows)", metrics.join(", "))),
        ("exported", card.created.clone().unwrap_or_else(|| "date not recorded".into())),
    ]
}

/// A file name for the exported model, without extension: its data and model in lower case,
/// words joined by dashes (`penguins-mlp-8-8-tanh`, `prices-linear-regression`); at most 60
/// characters, and `model` when nothing is left.
pub fn file_stem(card: &ModelCard) -> String {
    let data = match &card.spec.data.source {
        DataSource::Synthetic { generator, .. } => generator.name().to_string(),
        DataSource::Builtin { name } => name.clone(),
        DataSource::File { name } => name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem).to_string(),
    };
    let text = format!("{data} {}", model_name(&card.spec, Some(card.task)));
    let mut stem = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_end_matches('-').chars().take(60).collect();
    if stem.is_empty() {
        "model".into()
    } else {
        stem
    }
}
