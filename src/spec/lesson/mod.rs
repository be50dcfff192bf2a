//! Guided lessons: an ordered list of steps, each with a short text, an experiment to load, the
//! controls to highlight, hide or lock, and an optional question with its answer.
//!
//! A lesson travels inside a share link (the optional `lesson` field of
//! [`ShareLink`](super::link::ShareLink)), so a teacher shares it as one address and no server is
//! involved. Everything in it is checked by [`Lesson::validate`]: sizes are capped, control ids are
//! plain names (`learning-rate`, `add-layer`, …, the page's `data-testid`s) and every text is
//! plain text — the page shows it as text, never as HTML. Lantern's own lessons are JSON files in
//! `www/lessons/` compiled in ([`builtin`]).

pub mod address;
pub mod builtin;

use super::link::{clip, is_control_id};
use super::{DataSource, ExperimentSpec};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The lesson file format this Lantern writes (and the newest it reads).
pub const LESSON_FORMAT: u32 = 1;

/// Sizes a lesson may have: enough for a class, small enough for a link.
pub mod limits {
    /// Most steps in one lesson.
    pub const MAX_STEPS: usize = 40;
    /// Longest lesson or step title, in characters (one line).
    pub const MAX_TITLE_CHARS: usize = 120;
    /// Longest step text, in characters.
    pub const MAX_TEXT_CHARS: usize = 2_000;
    /// Longest question or answer, in characters.
    pub const MAX_QUESTION_CHARS: usize = 1_000;
    /// Most control ids (highlighted, hidden and locked together) in one step.
    pub const MAX_IDS_PER_STEP: usize = 60;
}

/// A guided lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// What the lesson is about, shown above every step (one line).
    pub title: String,
    /// The steps, in order (at least one).
    pub steps: Vec<LessonStep>,
}

/// One step of a lesson.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LessonStep {
    /// A short heading (one line; may be empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// What to look at or do, for a first-year student (plain text; line breaks kept).
    pub text: String,
    /// The experiment this step loads; `None` keeps whatever is on screen (e.g. the run the
    /// previous step trained).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experiment: Option<ExperimentSpec>,
    /// Controls (and charts) to outline and scroll into view, by `data-testid`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<String>,
    /// Controls not shown during this step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<String>,
    /// Controls shown but not changeable during this step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<String>,
    /// A question to think about ("what happens if you remove the hidden layer?").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Its answer (or a hint), shown only when the student asks; needs a question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Start training as soon as the step opens.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub autostart: bool,
    /// The stage the step opens (`None`: the stage that shows the first highlighted control, or
    /// the one on screen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<super::stage::Stage>,
}

/// A lesson file: `{"lantern_lesson": 1, "lesson": {…}}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFile {
    /// [`LESSON_FORMAT`] of the file.
    lantern_lesson: u32,
    lesson: Lesson,
}

/// Checks that `text` is plain text of at most `max` characters: no control characters (line
/// breaks and tabs only where `multiline`), and not empty when `required`.
fn plain_text(field: &str, text: &str, max: usize, multiline: bool, required: bool) -> Result<()> {
    if required && text.trim().is_empty() {
        return Err(Error::spec(field, "may not be empty: write a few words"));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(Error::spec(field, format!("at most {max} characters, got {chars}: shorten it")));
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        let what = if multiline {
            "control characters (line breaks and tabs are fine)"
        } else {
            "line breaks or control characters"
        };
        return Err(Error::spec(field, format!("may not hold {what}")));
    }
    Ok(())
}

impl Lesson {
    /// Checks the sizes, texts, control ids and experiments; the error names the first bad
    /// field (`lesson.steps[2].question`, `lesson.steps[0].experiment.training.epochs`, …).
    pub fn validate(&self) -> Result<()> {
        plain_text("lesson.title", &self.title, limits::MAX_TITLE_CHARS, false, true)?;
        if self.steps.is_empty() {
            return Err(Error::spec("lesson.steps", "a lesson needs at least one step"));
        }
        if self.steps.len() > limits::MAX_STEPS {
            return Err(Error::spec(
                "lesson.steps",
                format!("at most {} steps, got {}: split it into two lessons", limits::MAX_STEPS, self.steps.len()),
            ));
        }
        for (k, step) in self.steps.iter().enumerate() {
            step.validate(&format!("lesson.steps[{k}]"))?;
        }
        Ok(())
    }

    /// The names of the data files the steps' experiments read, each once, in order.
    pub fn files(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for spec in self.steps.iter().filter_map(|s| s.experiment.as_ref()) {
            if let DataSource::File { name } = &spec.data.source {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// Reads a lesson file (`{"lantern_lesson": 1, "lesson": {…}}`) and validates it.
    ///
    /// # Errors
    /// [`Error::SpecFormat`] for text that is not such a file (naming the line and column), of
    /// a newer format; [`Error::Spec`] naming the first bad field.
    pub fn from_json(text: &str) -> Result<Self> {
        let file: LessonFile = crate::spec::link::decode_json(text.as_bytes())
            .map_err(|e| Error::SpecFormat(format!("not a Lantern lesson file: {}", e.message)))?;
        if file.lantern_lesson == 0 || file.lantern_lesson > LESSON_FORMAT {
            return Err(Error::SpecFormat(format!(
                "this lesson is of format {}; this Lantern reads 1 to {LESSON_FORMAT}: open it with a newer Lantern",
                file.lantern_lesson
            )));
        }
        file.lesson.validate()?;
        Ok(file.lesson)
    }

    /// The lesson as a pretty lesson file (see [`Lesson::from_json`]).
    pub fn to_json(&self) -> String {
        let file = LessonFile { lantern_lesson: LESSON_FORMAT, lesson: self.clone() };
        // Plain strings, numbers and enums only: serialising cannot fail.
        crate::spec::link::to_pretty_json(&file).unwrap_or_default()
    }
}

impl LessonStep {
    /// Checks one step; `at` is its path (`lesson.steps[2]`) for error messages.
    pub fn validate(&self, at: &str) -> Result<()> {
        plain_text(&format!("{at}.title"), &self.title, limits::MAX_TITLE_CHARS, false, false)?;
        plain_text(&format!("{at}.text"), &self.text, limits::MAX_TEXT_CHARS, true, true)?;
        if let Some(q) = &self.question {
            plain_text(&format!("{at}.question"), q, limits::MAX_QUESTION_CHARS, true, true)?;
        }
        if let Some(a) = &self.answer {
            if self.question.is_none() {
                return Err(Error::spec(format!("{at}.answer"), "an answer needs a question: add the question first"));
            }
            plain_text(&format!("{at}.answer"), a, limits::MAX_QUESTION_CHARS, true, true)?;
        }
        let count = self.highlight.len() + self.hidden.len() + self.locked.len();
        if count > limits::MAX_IDS_PER_STEP {
            return Err(Error::spec(
                format!("{at}.highlight"),
                format!(
                    "at most {} highlighted, hidden and locked controls in one step, got {count}",
                    limits::MAX_IDS_PER_STEP
                ),
            ));
        }
        for (name, ids) in [("highlight", &self.highlight), ("hidden", &self.hidden), ("locked", &self.locked)] {
            if let Some(bad) = ids.iter().find(|id| !is_control_id(id)) {
                return Err(Error::spec(
                    format!("{at}.{name}"),
                    format!("`{}` is not a control id (letters, digits, `_`, `-`, `.`; 1 to 64 characters)", clip(bad)),
                ));
            }
        }
        if let Some(id) = self.highlight.iter().find(|id| self.hidden.contains(id)) {
            return Err(Error::spec(
                format!("{at}.highlight"),
                format!(
                    "`{id}` is both highlighted and hidden: a hidden control cannot be seen, so keep one of the two"
                ),
            ));
        }
        if let Some(spec) = &self.experiment {
            spec.validate().map_err(|e| match e {
                Error::Spec { field, message } => Error::Spec { field: format!("{at}.experiment.{field}"), message },
                other => other,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
