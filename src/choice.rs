//! Enums shown in a menu: one table per enum (every value, its stable name and its label),
//! used by the page's menus and the command line's parsers alike.
//!
//! The stable name is the value's name in JSON (serde), share links, command-line flags and
//! the `value` of a menu's `<option>`: it never changes, so old links and spec files keep
//! opening (each table is tested against the enum's serde form). The label is what a person
//! reads in a menu and may change with the wording. A name that is not in the table is an
//! error that lists the valid names, never a silent default.
//!
//! A parameterised value (a step-decay schedule, a Huber loss) is shown in a menu by its *kind*,
//! a plain enum with a table of its own; the parameters come from the current spec, or from
//! defaults defined once next to the type (e.g. [`crate::spec::Schedule::DEFAULT_STEP_DECAY`]).

use crate::error::{Error, Result};

/// An enum shown in a menu. Implement it with [`choices!`](crate::choices), which writes
/// [`Choice::ALL`], [`Choice::name`] and [`Choice::label`] from one table.
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// The setting these values are for, as errors name it (`training.optimizer`).
    const FIELD: &'static str;
    /// Every value, in menu order.
    const ALL: &'static [Self];

    /// The stable machine name (JSON, links, command line, menu values).
    fn name(self) -> &'static str;

    /// What a menu shows.
    fn label(self) -> &'static str;

    /// The value called `name`, or an error naming [`Choice::FIELD`] and listing the valid
    /// names.
    fn parse(name: &str) -> Result<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name).ok_or_else(|| {
            let valid: Vec<&str> = Self::ALL.iter().map(|v| v.name()).collect();
            Error::spec(
                Self::FIELD,
                format!("unknown value `{}`; use one of: {}", crate::text::ellipsis(name, 41), valid.join(", ")),
            )
        })
    }

    /// A menu's options: `(name, label)` of every value, in menu order.
    fn options() -> Vec<(String, String)> {
        Self::ALL.iter().map(|v| (v.name().to_string(), v.label().to_string())).collect()
    }
}

/// Implements [`Choice`] for a field-less enum from one table:
///
/// ```ignore
/// choices!(Optimizer, "training.optimizer", {
///     Sgd => "sgd", "SGD";
///     Adam => "adam", "Adam";
/// });
/// ```
///
/// The table lists every variant once, in menu order (a missing variant does not compile:
/// `name` and `label` match exhaustively).
#[macro_export]
macro_rules! choices {
    ($ty:ty, $field:literal, { $($variant:ident => $name:literal, $label:literal;)+ }) => {
        impl $crate::choice::Choice for $ty {
            const FIELD: &'static str = $field;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
            fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }
        }
    };
}

/// Checks of a [`Choice`] table, for the tests of each enum: names are unique, every value
/// round-trips name → value → name, and an unknown name is refused with the field and every
/// valid name in the message.
#[cfg(test)]
pub(crate) fn check_table<T: Choice + std::fmt::Debug>() {
    assert!(!T::ALL.is_empty(), "{}: an empty table", T::FIELD);
    let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
    for (i, v) in T::ALL.iter().enumerate() {
        assert_eq!(T::parse(v.name()).ok(), Some(*v), "{}: `{}` does not round-trip", T::FIELD, v.name());
        assert!(!names[..i].contains(&v.name()), "{}: `{}` is listed twice", T::FIELD, v.name());
        assert!(!v.label().is_empty(), "{}: `{}` has no label", T::FIELD, v.name());
    }
    let message = match T::parse("no-such-value") {
        Ok(v) => panic!("{}: an unknown name parsed as {v:?}", T::FIELD),
        Err(e) => e.to_string(),
    };
    assert!(message.contains(T::FIELD) && message.contains("no-such-value"), "{message}");
    for name in &names {
        assert!(message.contains(name), "{}: the error does not list `{name}`: {message}", T::FIELD);
    }
}

/// Checks that a unit-variant [`Choice`]'s names are its serde names: each value serialises to
/// its name as a JSON string and reads back from it.
#[cfg(test)]
pub(crate) fn check_serde_names<T>()
where
    T: Choice + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    for v in T::ALL {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(json, format!("\"{}\"", v.name()), "{}", T::FIELD);
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v, "{}", T::FIELD);
    }
}

#[cfg(test)]
mod tests;
