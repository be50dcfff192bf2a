//! Where a lesson is in the address: the step shown travels next to the link in the fragment,
//! `#x=v1.<payload>.<checksum>&step=3`, so reloading or sharing the page mid-lesson lands on
//! the same step. The step is 1-based there, as the page shows it ("Step 3 of 7").
//!
//! Why beside the link and not inside its payload: moving to the next step then changes a few
//! characters, not the compressed payload and its checksum; links made before the step was kept
//! (no `&step=`) open at the first step as they always did; and the decoder already reads only
//! the fragment's `x=` part ([`super::super::link::ShareLink::decode`]), so every Lantern and the
//! command line read these addresses unchanged.

/// The fragment key of the step: `step=K`, K counted from 1.
pub const STEP_KEY: &str = "step";

/// The 0-based step index an address, fragment or link text asks for: `K − 1` for the first
/// `step=K` among the `&`-separated parts after `#` (or of the whole text when it has no `#`),
/// with K a whole number from 1; 0 when there is none or it is not such a number. The caller
/// clamps it to the lesson's steps.
pub fn step_in_address(text: &str) -> usize {
    let fragment = text.trim().split_once('#').map_or(text.trim(), |(_, f)| f);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(STEP_KEY).and_then(|rest| rest.strip_prefix('=')))
        .and_then(|k| k.parse::<usize>().ok())
        .and_then(|k| k.checked_sub(1))
        .unwrap_or(0)
}

/// The fragment for the link text `encoded` (`v1.…`) shown at step `k` (0-based): `#x=v1.…`
/// at the first step (the form every link had before), `#x=v1.…&step=K` (K = k + 1) after it.
pub fn fragment_at_step(encoded: &str, k: usize) -> String {
    if k == 0 {
        format!("#x={encoded}")
    } else {
        format!("#x={encoded}&{STEP_KEY}={}", k + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_is_read_from_any_form_of_the_address() {
        for (text, k) in [
            ("https://lantern.example/play/#x=v1.abc.12345678&step=3", 2),
            ("#x=v1.abc.12345678&step=1", 0),
            ("#step=7&x=v1.abc.12345678", 6),
            ("x=v1.abc.12345678&step=12", 11),
            ("v1.abc.12345678&step=2", 1),
            // No step, or one that is not a whole number from 1: the first step.
            ("https://lantern.example/#x=v1.abc.12345678", 0),
            ("#x=v1.abc.12345678&step=0", 0),
            ("#x=v1.abc.12345678&step=-2", 0),
            ("#x=v1.abc.12345678&step=two", 0),
            ("#x=v1.abc.12345678&step=", 0),
            ("#x=v1.abc.12345678&steps=4", 0),
            // A query before the fragment is not the fragment.
            ("https://lantern.example/?step=5#x=v1.abc.12345678", 0),
            ("", 0),
        ] {
            assert_eq!(step_in_address(text), k, "{text}");
        }
    }

    #[test]
    fn fragments_round_trip_and_the_first_step_keeps_the_old_form() {
        assert_eq!(fragment_at_step("v1.abc.12345678", 0), "#x=v1.abc.12345678");
        assert_eq!(fragment_at_step("v1.abc.12345678", 4), "#x=v1.abc.12345678&step=5");
        for k in [0, 1, 5, 39] {
            assert_eq!(step_in_address(&fragment_at_step("v1.abc.12345678", k)), k);
        }
    }
}
