use super::builtin::{builtin_lesson, lesson_link, BUILTIN_LESSONS};
use super::*;
use crate::data::Generator;
use crate::spec::link::{EmbeddedFile, LinkData, ShareLink};

fn step(text: &str) -> LessonStep {
    LessonStep { text: text.into(), ..LessonStep::default() }
}

fn lesson(steps: Vec<LessonStep>) -> Lesson {
    Lesson { title: "A lesson".into(), steps }
}

/// The field an invalid lesson is refused for.
fn refused_field(l: &Lesson) -> String {
    match l.validate() {
        Err(Error::Spec { field, .. }) => field,
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[test]
fn bundled_lessons_read_and_have_their_steps() {
    let summary: Vec<(&str, String, usize)> = BUILTIN_LESSONS
        .iter()
        .map(|b| {
            let l = b.lesson().unwrap_or_else(|e| panic!("{}: {e}", b.name));
            (b.name, l.title, l.steps.len())
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("neuron_line", "How a neuron draws a line".to_string(), 4),
            ("overfitting", "Overfitting and regularisation".to_string(), 4),
            ("messy_table", "Preparing a messy real table".to_string(), 7),
        ]
    );
    assert!(builtin_lesson("overfitting").is_some() && builtin_lesson("Overfitting").is_none());
    // The menu's compiled-in titles and step counts (shown before the page loads the files)
    // are the files' own.
    for (b, (_, title, steps)) in BUILTIN_LESSONS.iter().zip(&summary) {
        assert_eq!((b.title, b.steps), (title.as_str(), *steps), "{}", b.name);
        assert_eq!(b.path(), format!("lessons/{}.json", b.name));
    }
    assert_eq!(builtin_lesson("messy_table").unwrap().data_path().as_deref(), Some("datasets/rentals.csv"));
}

#[test]
fn bundled_lessons_travel_in_links_and_come_back_equal() {
    for b in &BUILTIN_LESSONS {
        let link = b.link().unwrap_or_else(|e| panic!("{}: {e}", b.name));
        let text = link.encode().unwrap();
        let back = ShareLink::decode(&text).unwrap();
        assert_eq!(back, link, "{}", b.name);
        let lesson = back.lesson.as_ref().unwrap();
        // The link opens on the first step's experiment (or the file step's, for tables).
        let first = lesson.steps[0].experiment.as_ref().unwrap();
        assert_eq!(&back.spec, first, "{}", b.name);
        // Every question has an answer, and every step says something.
        for s in &lesson.steps {
            assert!(s.question.is_some() && s.answer.is_some(), "{}: {}", b.name, s.title);
            assert!(s.text.len() > 80, "{}: {}", b.name, s.title);
        }
    }
    // The table travels with the messy-table lesson, and only with it.
    let messy = builtin_lesson("messy_table").unwrap().link().unwrap();
    match &messy.data {
        Some(LinkData::Embedded(f)) => {
            assert_eq!(f.name, "rentals.csv");
            assert!(f
                .bytes
                .starts_with(b"listing,district,area_m2,rooms,year_built,distance_km,balcony,currency,rent_eur\n"));
        }
        other => panic!("the messy table lesson carries its file: {other:?}"),
    }
    assert!(builtin_lesson("neuron_line").unwrap().link().unwrap().data.is_none());
}

#[test]
fn the_neuron_lesson_says_what_it_loads() {
    let l = builtin_lesson("neuron_line").unwrap().lesson().unwrap();
    let shape = |k: usize| {
        let e = l.steps[k].experiment.as_ref().unwrap();
        (e.data.generator(), e.model.hidden.clone())
    };
    assert_eq!(shape(0), (Some(Generator::TwoGaussians), vec![]));
    assert_eq!(shape(1), (Some(Generator::Xor), vec![]));
    assert_eq!(shape(2), (Some(Generator::Xor), vec![4]));
    assert!(l.steps[3].experiment.is_none(), "the last step keeps the trained network on screen");
}

#[test]
fn lesson_files_round_trip_and_refuse_newer_formats() {
    let l = builtin_lesson("overfitting").unwrap().lesson().unwrap();
    assert_eq!(Lesson::from_json(&l.to_json()).unwrap(), l);
    let newer = l.to_json().replacen("\"lantern_lesson\": 1", "\"lantern_lesson\": 2", 1);
    assert!(matches!(Lesson::from_json(&newer), Err(Error::SpecFormat(m)) if m.contains("format 2")));
    let unknown = l.to_json().replacen("\"title\"", "\"titel\"", 1);
    assert!(matches!(Lesson::from_json(&unknown), Err(Error::SpecFormat(m)) if m.contains("titel")));
    assert!(Lesson::from_json("[1, 2]").is_err());
}

#[test]
fn texts_are_plain_and_sized() {
    assert_eq!(refused_field(&Lesson { title: " ".into(), steps: vec![step("x")] }), "lesson.title");
    assert_eq!(refused_field(&Lesson { title: "two\nlines".into(), steps: vec![step("x")] }), "lesson.title");
    assert_eq!(refused_field(&lesson(vec![])), "lesson.steps");
    assert_eq!(refused_field(&lesson(vec![step("ok"); limits::MAX_STEPS + 1])), "lesson.steps");
    assert!(lesson(vec![step("ok"); limits::MAX_STEPS]).validate().is_ok());
    assert_eq!(refused_field(&lesson(vec![step("ok"), step("")])), "lesson.steps[1].text");
    // Exactly the limit passes, one more character does not (characters, not bytes).
    let long = "é".repeat(limits::MAX_TEXT_CHARS);
    assert!(lesson(vec![step(&long)]).validate().is_ok());
    assert_eq!(refused_field(&lesson(vec![step(&format!("{long}x"))])), "lesson.steps[0].text");
    // Line breaks and tabs are text; other control characters are not.
    assert!(lesson(vec![step("line one\nline two\tend")]).validate().is_ok());
    assert_eq!(refused_field(&lesson(vec![step("bell\u{7}")])), "lesson.steps[0].text");
    // Markup is kept as it is: the page shows it as text.
    assert!(lesson(vec![step("<img src=x onerror=alert(1)>")]).validate().is_ok());
    let titled = LessonStep { title: "a\nb".into(), ..step("x") };
    assert_eq!(refused_field(&lesson(vec![titled])), "lesson.steps[0].title");
}

#[test]
fn questions_answers_and_ids_are_checked() {
    let answer_only = LessonStep { answer: Some("42".into()), ..step("x") };
    assert_eq!(refused_field(&lesson(vec![answer_only])), "lesson.steps[0].answer");
    let empty_question = LessonStep { question: Some("  ".into()), ..step("x") };
    assert_eq!(refused_field(&lesson(vec![empty_question])), "lesson.steps[0].question");
    let asked = LessonStep { question: Some("Why?".into()), answer: Some("Because.".into()), ..step("x") };
    assert!(lesson(vec![asked]).validate().is_ok());

    let bad_id = LessonStep { locked: vec!["ok-id".into(), "x\"]{}".into()], ..step("x") };
    assert_eq!(refused_field(&lesson(vec![bad_id])), "lesson.steps[0].locked");
    let too_many =
        LessonStep { highlight: (0..=limits::MAX_IDS_PER_STEP).map(|i| format!("c{i}")).collect(), ..step("x") };
    assert_eq!(refused_field(&lesson(vec![too_many])), "lesson.steps[0].highlight");
    let both = LessonStep { highlight: vec!["l2".into()], hidden: vec!["l2".into()], ..step("x") };
    assert_eq!(refused_field(&lesson(vec![both])), "lesson.steps[0].highlight");
}

#[test]
fn a_step_experiment_is_validated_with_its_path() {
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 0;
    let s = LessonStep { experiment: Some(spec), ..step("x") };
    assert_eq!(refused_field(&lesson(vec![step("first"), s])), "lesson.steps[1].experiment.training.epochs");
}

#[test]
fn a_lesson_reads_only_the_file_its_link_opens() {
    let file_spec = |name: &str| {
        let mut s = ExperimentSpec::default();
        s.data.source = DataSource::File { name: name.into() };
        s
    };
    let data = |name: &str| Some(LinkData::Embedded(EmbeddedFile { name: name.into(), bytes: b"a,b\n1,2\n".to_vec() }));
    let with = |spec: ExperimentSpec| LessonStep { experiment: Some(spec), ..step("x") };
    // The first step is generated data; the second reads a file: the link opens the file's step.
    let l = lesson(vec![with(ExperimentSpec::default()), with(file_spec("a.csv"))]);
    let link = lesson_link(l.clone(), ExperimentSpec::default(), data("a.csv")).unwrap();
    assert_eq!(link.spec, file_spec("a.csv"));
    assert_eq!(l.files(), ["a.csv"]);
    // Without the file, no link.
    assert!(lesson_link(l, ExperimentSpec::default(), None).is_err());
    // Two different files cannot both travel.
    let two = lesson(vec![with(file_spec("a.csv")), with(file_spec("b.csv"))]);
    match lesson_link(two, ExperimentSpec::default(), data("a.csv")) {
        Err(Error::Spec { field, message }) => assert!(field == "lesson" && message.contains("b.csv"), "{message}"),
        other => panic!("{other:?}"),
    }
    // A lesson of steps that all keep the experiment on screen opens on the current one.
    let mut current = ExperimentSpec::default();
    current.seed = 99;
    let link = lesson_link(lesson(vec![step("look")]), current.clone(), None).unwrap();
    assert_eq!(link.spec, current);
}
