//! Lantern's own lessons: JSON lesson files in `www/lessons/`, opened from the page's "Lessons"
//! menu as ordinary share links (so a teacher can copy one, or open it in a new tab). A lesson
//! that trains on a table carries the table in the link, as a user's file would be.
//!
//! The page loads the files on first use (when the menu first opens: they are served next to the
//! app, `lessons/NAME.json` and `datasets/FILE`), so they cost nothing in the first download; the
//! menu's titles and step counts are compiled in ([`BuiltinLesson`]) and checked against the
//! files by the native tests. Native builds (the command line, the tests) compile the files in.

use super::Lesson;
use crate::error::{Error, Result};
use crate::spec::link::{EmbeddedFile, LinkData, ShareLink};
use crate::spec::{DataSource, ExperimentSpec};

/// One bundled lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinLesson {
    /// Short identifier (`neuron_line`): the file is `www/lessons/<name>.json`.
    pub name: &'static str,
    /// The lesson's title, as in its file (for the menu before the file is loaded).
    pub title: &'static str,
    /// Its number of steps, as in its file.
    pub steps: usize,
    /// The data file its steps train on, if any: a file of `www/datasets/`.
    pub data: Option<&'static str>,
}

/// Every bundled lesson, in menu order.
pub const BUILTIN_LESSONS: [BuiltinLesson; 3] = [
    BuiltinLesson { name: "neuron_line", title: "How a neuron draws a line", steps: 4, data: None },
    BuiltinLesson { name: "overfitting", title: "Overfitting and regularisation", steps: 4, data: None },
    BuiltinLesson { name: "messy_table", title: "Preparing a messy real table", steps: 7, data: Some("rentals.csv") },
];

impl BuiltinLesson {
    /// Where the page finds the lesson file, relative to the app.
    pub fn path(&self) -> String {
        format!("lessons/{}.json", self.name)
    }

    /// Where the page finds the lesson's data file, relative to the app.
    pub fn data_path(&self) -> Option<String> {
        self.data.map(|file| format!("datasets/{file}"))
    }

    /// The share link that opens the lesson at its first step, from the lesson file's text and
    /// its data file's bytes (see [`lesson_link`]).
    pub fn link_from(&self, json: &str, data: Option<Vec<u8>>) -> Result<ShareLink> {
        let lesson = Lesson::from_json(json)?;
        let data = match (self.data, data) {
            (Some(name), Some(bytes)) => Some(LinkData::Embedded(EmbeddedFile { name: name.into(), bytes })),
            _ => None,
        };
        lesson_link(lesson, ExperimentSpec::default(), data)
    }
}

/// The lesson files compiled in, for the command line and the tests (the page fetches them).
#[cfg(not(target_arch = "wasm32"))]
mod embedded {
    use super::BuiltinLesson;

    /// (lesson name, lesson file, data file).
    const FILES: [(&str, &str, Option<&str>); 3] = [
        ("neuron_line", include_str!("../../../www/lessons/neuron_line.json"), None),
        ("overfitting", include_str!("../../../www/lessons/overfitting.json"), None),
        (
            "messy_table",
            include_str!("../../../www/lessons/messy_table.json"),
            Some(include_str!("../../../www/datasets/rentals.csv")),
        ),
    ];

    impl BuiltinLesson {
        /// The lesson file's text.
        pub fn json(&self) -> &'static str {
            FILES.iter().find(|f| f.0 == self.name).map_or("", |f| f.1)
        }

        /// The data file's text, if the lesson has one.
        pub fn data_text(&self) -> Option<&'static str> {
            FILES.iter().find(|f| f.0 == self.name).and_then(|f| f.2)
        }

        /// The lesson, read and validated.
        pub fn lesson(&self) -> crate::error::Result<super::Lesson> {
            super::Lesson::from_json(self.json())
        }

        /// The share link that opens the lesson at its first step.
        pub fn link(&self) -> crate::error::Result<crate::spec::link::ShareLink> {
            self.link_from(self.json(), self.data_text().map(|t| t.as_bytes().to_vec()))
        }
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
