//! The page's address: `#x=v1.<payload>.<checksum>&step=3&stage=data`.
//!
//! - `x=` is the share link of the experiment being edited ([`crate::spec::link`]).
//! - `step=K` is the lesson step shown, from 1 ([`crate::spec::lesson::address`]).
//! - `stage=NAME` is the stage shown ([`Stage::name`]).
//!
//! Each part is optional and the defaults are left out, so an address made before stages (or
//! before lessons kept their step) opens as it always did: at the first step, on the Model &
//! train stage. The step and the stage sit beside the link, not inside its compressed payload:
//! moving between stages changes a few characters, and every Lantern (and the command line)
//! reads the link part alone.

use crate::choice::Choice;
use crate::error::Error;
use crate::spec::lesson::address::{step_in_address, STEP_KEY};
use crate::spec::stage::Stage;

/// The fragment key of the experiment's link.
pub const LINK_KEY: &str = "x";
/// The fragment key of the stage.
pub const STAGE_KEY: &str = "stage";

/// What the page's address says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// The experiment's link text (`v1.…`), if the address has one.
    pub link: Option<String>,
    /// The lesson step shown, from 0 (the caller clamps it to the lesson's steps).
    pub step: usize,
    /// The stage shown.
    pub stage: Stage,
}

impl Address {
    /// Reads a page address, a fragment (`#…`) or the fragment's text. A stage name that is not
    /// one of the page's is reported (the caller shows the error) and the default stage is used,
    /// so an old or mistyped address still opens its experiment.
    pub fn parse(text: &str) -> (Address, Option<Error>) {
        let fragment = text.trim().split_once('#').map_or(text.trim(), |(_, f)| f);
        let value = |key: &str| {
            fragment.split('&').find_map(|part| part.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
        };
        let link = value(LINK_KEY).filter(|l| !l.is_empty()).map(str::to_string);
        let (stage, problem) = match value(STAGE_KEY) {
            None => (Stage::default(), None),
            Some(name) => match Stage::parse(name) {
                Ok(stage) => (stage, None),
                Err(e) => (Stage::default(), Some(e)),
            },
        };
        (Address { link, step: step_in_address(fragment), stage }, problem)
    }

    /// The fragment for this address, defaults left out: `#x=v1.…`, `#x=v1.…&step=3&stage=data`,
    /// or `#stage=data` without a link (an empty string when every part is the default).
    pub fn to_fragment(&self) -> String {
        let mut parts = Vec::new();
        if let Some(link) = &self.link {
            parts.push(format!("{LINK_KEY}={link}"));
        }
        if self.step > 0 {
            parts.push(format!("{STEP_KEY}={}", self.step + 1));
        }
        if self.stage != Stage::default() {
            parts.push(format!("{STAGE_KEY}={}", self.stage.name()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }

    /// This address on another stage.
    pub fn at_stage(&self, stage: Stage) -> Address {
        Address { stage, ..self.clone() }
    }

    /// Whether `other` shows the same experiment at the same step (it may be on another stage):
    /// going back or forward between the two only changes the stage.
    pub fn same_experiment(&self, other: &Address) -> bool {
        self.link == other.link && self.step == other.step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "v1.abc.12345678";

    #[test]
    fn old_addresses_open_on_the_default_stage_at_their_step() {
        for (text, step) in [
            ("#x=v1.abc.12345678", 0),
            ("https://lantern.example/play/#x=v1.abc.12345678&step=3", 2),
            ("#step=7&x=v1.abc.12345678", 6),
        ] {
            let (a, problem) = Address::parse(text);
            assert!(problem.is_none());
            assert_eq!(a, Address { link: Some(LINK.into()), step, stage: Stage::Train }, "{text}");
        }
    }

    #[test]
    fn every_stage_and_step_round_trips() {
        for &stage in Stage::ALL {
            for step in [0, 1, 6] {
                for link in [None, Some(LINK.to_string())] {
                    let a = Address { link: link.clone(), step, stage };
                    let fragment = a.to_fragment();
                    let (back, problem) = Address::parse(&fragment);
                    assert!(problem.is_none(), "{fragment}");
                    assert_eq!(back, a, "{fragment}");
                    assert_eq!(Address::parse(&format!("https://lantern.example/?present{fragment}")).0, a);
                }
            }
        }
    }

    #[test]
    fn defaults_are_left_out_so_links_keep_their_old_form() {
        let a = Address { link: Some(LINK.into()), step: 0, stage: Stage::Train };
        assert_eq!(a.to_fragment(), "#x=v1.abc.12345678");
        assert_eq!(a.at_stage(Stage::Data).to_fragment(), "#x=v1.abc.12345678&stage=data");
        let stepped = Address { step: 2, stage: Stage::Deploy, ..a.clone() };
        assert_eq!(stepped.to_fragment(), "#x=v1.abc.12345678&step=3&stage=deploy");
        assert_eq!(Address::default().to_fragment(), "");
        assert_eq!(Address { stage: Stage::Compare, ..Address::default() }.to_fragment(), "#stage=compare");
    }

    #[test]
    fn an_unknown_stage_is_reported_and_the_experiment_still_opens() {
        let (a, problem) = Address::parse("#x=v1.abc.12345678&stage=training");
        assert_eq!(a, Address { link: Some(LINK.into()), step: 0, stage: Stage::Train });
        let message = problem.expect("reported").to_string();
        assert!(message.contains("unknown value `training`"), "{message}");
    }

    #[test]
    fn same_experiment_ignores_the_stage_only() {
        let a = Address { link: Some(LINK.into()), step: 1, stage: Stage::Data };
        assert!(a.same_experiment(&a.at_stage(Stage::Evaluate)));
        assert!(!a.same_experiment(&Address { step: 2, ..a.clone() }));
        assert!(!a.same_experiment(&Address { link: Some("v1.other.00000000".into()), ..a.clone() }));
    }
}
