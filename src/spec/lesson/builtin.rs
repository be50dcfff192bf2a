//! Lantern's own lessons: JSON lesson files in `www/lessons/`, compiled in, opened from the
//! page's "Lessons" menu as ordinary share links (so a teacher can copy one, or open it in a new
//! tab). A lesson that trains on a table carries the table in the link, as a user's file would be.

use super::Lesson;
use crate::error::{Error, Result};
use crate::spec::link::{EmbeddedFile, LinkData, ShareLink};
use crate::spec::{DataSource, ExperimentSpec};

/// One bundled lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinLesson {
    /// Short identifier (`neuron_line`).
    pub name: &'static str,
    /// The lesson file (see [`Lesson::from_json`]).
    pub json: &'static str,
    /// The data file its steps train on, if any: (file name, CSV text).
    pub data: Option<(&'static str, &'static str)>,
}

/// Every bundled lesson, in menu order.
pub const BUILTIN_LESSONS: [BuiltinLesson; 3] = [
    BuiltinLesson { name: "neuron_line", json: include_str!("../../../www/lessons/neuron_line.json"), data: None },
    BuiltinLesson { name: "overfitting", json: include_str!("../../../www/lessons/overfitting.json"), data: None },
    BuiltinLesson {
        name: "messy_table",
        json: include_str!("../../../www/lessons/messy_table.json"),
        data: Some(("rentals.csv", include_str!("../../../www/datasets/rentals.csv"))),
    },
];

impl BuiltinLesson {
    /// The lesson, read and validated.
    pub fn lesson(&self) -> Result<Lesson> {
        Lesson::from_json(self.json)
    }

    /// The share link that opens the lesson at its first step: see [`lesson_link`].
    pub fn link(&self) -> Result<ShareLink> {
        let lesson = self.lesson()?;
        let data = self
            .data
            .map(|(name, csv)| LinkData::Embedded(EmbeddedFile { name: name.into(), bytes: csv.as_bytes().to_vec() }));
        lesson_link(lesson, ExperimentSpec::default(), data)
    }
}

/// The share link of `lesson`. Its experiment is the first step's (or `current` when that step
/// keeps the experiment on screen); when a step trains on a file, the link's experiment is the
/// first such step's, so that the file opens with the link (`data` must be that file).
///
/// # Errors
/// [`Error::Spec`] for an invalid lesson, for steps that read different files, or when `data`
/// is missing or names another file.
pub fn lesson_link(lesson: Lesson, current: ExperimentSpec, data: Option<LinkData>) -> Result<ShareLink> {
    let first_file = lesson
        .steps
        .iter()
        .filter_map(|s| s.experiment.as_ref())
        .find(|e| matches!(e.data.source, DataSource::File { .. }))
        .cloned();
    let spec = first_file.or_else(|| lesson.steps.first().and_then(|s| s.experiment.clone())).unwrap_or(current);
    let data = if matches!(spec.data.source, DataSource::File { .. }) {
        Some(data.ok_or_else(|| {
            Error::spec("lesson", "a step trains on a file that is not open here: open the file, then make the link")
        })?)
    } else {
        None
    };
    let link = ShareLink { spec, data, lesson: Some(lesson), ..ShareLink::default() };
    link.validate()?;
    Ok(link)
}

/// The bundled lesson called `name`.
pub fn builtin_lesson(name: &str) -> Option<&'static BuiltinLesson> {
    let all: &'static [BuiltinLesson; 3] = &BUILTIN_LESSONS;
    all.iter().find(|l| l.name == name)
}
