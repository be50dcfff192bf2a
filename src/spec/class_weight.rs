//! `training.class_weight`: how a classifier's training rows are weighted by class.
//!
//! Absent (the default) = every row weighs 1, and the spec's JSON, links and fingerprints are
//! as before the setting existed. `"balanced"` = scikit-learn's `class_weight="balanced"`
//! (`w_c = n / (m · n_c)` from the training rows, [`crate::validate::class_weight`]).
//! `{"ClassName": weight, …}` = those classes' weights; a class not listed weighs 1 (as
//! scikit-learn's dictionaries). Names are the target's class names (`0` and `1` for generated
//! points); the Trainer matches them once the data is read
//! ([`crate::train::class_weights()`]).

use crate::error::{Error, Result};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// The spec's path of this setting, in errors.
pub const FIELD: &str = "training.class_weight";

/// Most classes a custom weighting may name.
pub const MAX_CUSTOM: usize = 1_000;

/// A class weighting set by the user (absent in the spec = none).
#[derive(Clone, Debug, PartialEq)]
pub enum ClassWeight {
    /// `n / (m · n_c)` over the `m` classes present in the `n` training rows.
    Balanced,
    /// A weight per named class; classes not named weigh 1 (boxed: the setting stays small in
    /// the spec, which travels in the worker's commands).
    Custom(Box<BTreeMap<String, f64>>),
}

impl ClassWeight {
    /// Checks the setting alone (names and numbers); matching names to the data's classes is
    /// the Trainer's ([`crate::train::class_weights()`]).
    ///
    /// # Errors
    /// [`Error::Spec`] naming `training.class_weight` (or one class's entry) and what to do.
    pub fn validate(&self) -> Result<()> {
        let ClassWeight::Custom(map) = self else { return Ok(()) };
        if map.is_empty() {
            return Err(Error::spec(FIELD, "no class is given a weight: write \"balanced\" or {\"ClassName\": 2.0}"));
        }
        if map.len() > MAX_CUSTOM {
            return Err(Error::spec(FIELD, format!("at most {MAX_CUSTOM} classes, got {}", map.len())));
        }
        for (name, &w) in map.iter() {
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::spec(
                    format!("{FIELD}.{name}"),
                    format!("the weight is {w}: a weight is a number ≥ 0 (1 = as without weights)"),
                ));
            }
        }
        Ok(())
    }

    /// What the `--class-weight` flag takes: `balanced`, or `Class=w,Class=w`.
    ///
    /// # Errors
    /// [`Error::Spec`] saying which part is not understood.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if text == "balanced" {
            return Ok(ClassWeight::Balanced);
        }
        let mut map = BTreeMap::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let bad =
                || Error::spec(FIELD, format!("`{part}` is not Class=weight: write balanced, or e.g. yes=3,no=1"));
            let (name, w) = part.split_once('=').ok_or_else(bad)?;
            let w: f64 = w.trim().parse().map_err(|_| bad())?;
            map.insert(name.trim().to_string(), w);
        }
        let out = ClassWeight::Custom(Box::new(map));
        out.validate()?;
        Ok(out)
    }
}

impl Serialize for ClassWeight {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ClassWeight::Balanced => s.serialize_str("balanced"),
            ClassWeight::Custom(map) => map.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ClassWeight {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ClassWeight;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"balanced\" or an object of class weights such as {\"yes\": 3.0}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<ClassWeight, E> {
                match v {
                    "balanced" => Ok(ClassWeight::Balanced),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> std::result::Result<ClassWeight, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((k, v)) = m.next_entry::<String, f64>()? {
                    map.insert(k, v);
                }
                Ok(ClassWeight::Custom(Box::new(map)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_forms_and_flag() {
        let b: ClassWeight = serde_json::from_str("\"balanced\"").unwrap();
        assert_eq!(b, ClassWeight::Balanced);
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"balanced\"");
        let c: ClassWeight = serde_json::from_str(r#"{"yes": 3, "no": 0.5}"#).unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"no":0.5,"yes":3.0}"#);
        assert_eq!(ClassWeight::parse("yes=3, no=0.5").unwrap(), c);
        assert_eq!(ClassWeight::parse("balanced").unwrap(), b);
        assert!(serde_json::from_str::<ClassWeight>("\"even\"").is_err());
        for bad in ["yes", "yes=x", "", "yes=-1"] {
            let e = ClassWeight::parse(bad).unwrap_err().to_string();
            assert!(e.contains("training.class_weight"), "{bad}: {e}");
        }
    }
}
