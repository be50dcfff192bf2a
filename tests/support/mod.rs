//! Helpers shared by the deploy tests (`mod support;` in each test file that needs them).

use lantern::deploy::Prediction;

/// Each prediction's exact bits: the class index then every probability, or the value — so two
/// prediction lists compare equal only when they are bit-identical.
pub fn bits(p: &[Prediction]) -> Vec<Vec<u64>> {
    p.iter()
        .map(|p| match p {
            Prediction::Class { index, probabilities, .. } => {
                std::iter::once(*index as u64).chain(probabilities.iter().map(|v| v.to_bits())).collect()
            }
            Prediction::Value { value } => vec![value.to_bits()],
        })
        .collect()
}
