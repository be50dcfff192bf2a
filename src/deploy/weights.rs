//! The weights as a safetensors file (layout in [`super::card::WeightsInfo`]).

use super::card::TensorInfo;
use crate::error::{BundleError, Result};
use crate::model::LayerWeights;
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::collections::HashMap;

/// Name of layer `k`'s weight matrix.
pub fn weight_name(k: usize) -> String {
    format!("layers.{k}.weight")
}

/// Name of layer `k`'s bias vector.
pub fn bias_name(k: usize) -> String {
    format!("layers.{k}.bias")
}

/// Names and shapes of the tensors of `layers`, in layer order (weight, then bias).
pub fn tensor_infos(layers: &[LayerWeights]) -> Vec<TensorInfo> {
    layers
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            [
                TensorInfo { name: weight_name(k), shape: vec![l.inputs, l.outputs] },
                TensorInfo { name: bias_name(k), shape: vec![l.outputs] },
            ]
        })
        .collect()
}

fn le_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The safetensors bytes of `layers` (deterministic: the same weights give the same bytes).
///
/// # Errors
/// [`BundleError::Damaged`] if the layers' numbers do not fit their shapes (a bug).
pub fn encode(layers: &[LayerWeights]) -> Result<Vec<u8>> {
    let bytes: Vec<(String, Vec<u8>, Vec<usize>)> = layers
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            [
                (weight_name(k), le_bytes(&l.w), vec![l.inputs, l.outputs]),
                (bias_name(k), le_bytes(&l.b), vec![l.outputs]),
            ]
        })
        .collect();
    let views = bytes
        .iter()
        .map(|(name, data, shape)| {
            TensorView::new(Dtype::F32, shape.clone(), data)
                .map(|v| (name.clone(), v))
                .map_err(|e| BundleError::Damaged(format!("tensor `{name}`: {e}")))
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    // One metadata entry only: a map of several would be written in hash order.
    let metadata = HashMap::from([("format".to_string(), "lantern-model".to_string())]);
    Ok(safetensors::serialize(views, Some(metadata)).map_err(|e| BundleError::Damaged(e.to_string()))?)
}

/// Reads the layers that `expected` lists (names and shapes) from safetensors `bytes`.
///
/// # Errors
/// [`BundleError::Damaged`] when the file is not safetensors, or a tensor is missing, not
/// `f32`, or of another shape than the card says.
pub fn decode(bytes: &[u8], expected: &[TensorInfo]) -> Result<Vec<LayerWeights>> {
    let damaged = |m: String| BundleError::Damaged(m);
    let file =
        SafeTensors::deserialize(bytes).map_err(|e| damaged(format!("the weights file cannot be read ({e})")))?;
    if file.len() != expected.len() {
        return Err(damaged(format!(
            "the weights file holds {} tensors, the card lists {}",
            file.len(),
            expected.len()
        ))
        .into());
    }
    let read = |info: &TensorInfo| -> std::result::Result<Vec<f32>, BundleError> {
        let t =
            file.tensor(&info.name).map_err(|_| damaged(format!("the weights file has no tensor `{}`", info.name)))?;
        if t.dtype() != Dtype::F32 || t.shape() != info.shape.as_slice() {
            return Err(damaged(format!(
                "tensor `{}` is {:?} {:?}, the card says F32 {:?}",
                info.name,
                t.dtype(),
                t.shape(),
                info.shape
            )));
        }
        Ok(t.data().chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    };
    let mut layers = Vec::with_capacity(expected.len() / 2);
    for pair in expected.chunks(2) {
        let [w, b] = pair else { return Err(damaged("the card lists a weight without its bias".into()).into()) };
        let (&[inputs, outputs], &[bias]) = (w.shape.as_slice(), b.shape.as_slice()) else {
            return Err(damaged(format!("tensors `{}` / `{}` have the wrong rank", w.name, b.name)).into());
        };
        if bias != outputs {
            return Err(damaged(format!("`{}` has {bias} biases for {outputs} outputs", b.name)).into());
        }
        layers.push(LayerWeights { inputs, outputs, w: read(w)?, b: read(b)? });
    }
    Ok(layers)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn layers() -> Vec<LayerWeights> {
        vec![
            LayerWeights {
                inputs: 2,
                outputs: 3,
                w: vec![0.5, -1.0, 2.0, 1e-30, f32::MIN_POSITIVE, -0.0],
                b: vec![0.1, 0.2, 0.3],
            },
            LayerWeights { inputs: 3, outputs: 1, w: vec![1.0, 2.0, 3.0], b: vec![-7.25] },
        ]
    }

    #[test]
    fn round_trip_is_bit_exact() {
        let bytes = encode(&layers()).unwrap();
        assert_eq!(bytes, encode(&layers()).unwrap(), "deterministic");
        let infos = tensor_infos(&layers());
        assert_eq!(infos[0], TensorInfo { name: "layers.0.weight".into(), shape: vec![2, 3] });
        let back = decode(&bytes, &infos).unwrap();
        let bits =
            |l: &[LayerWeights]| l.iter().flat_map(|l| l.w.iter().chain(&l.b)).map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&layers()));
        assert_eq!(back, layers());
    }

    #[test]
    fn mismatches_are_refused() {
        let bytes = encode(&layers()).unwrap();
        let mut infos = tensor_infos(&layers());
        infos[2].shape = vec![4, 1];
        let e = decode(&bytes, &infos).unwrap_err().to_string();
        assert!(e.contains("layers.1.weight") && e.contains("[3, 1], the card says F32 [4, 1]"), "{e}");
        let e = decode(b"not safetensors", &tensor_infos(&layers())).unwrap_err().to_string();
        assert!(e.contains("cannot be read"), "{e}");
        let e = decode(&bytes, &tensor_infos(&layers())[..2]).unwrap_err().to_string();
        assert!(e.contains("4 tensors") && e.contains("lists 2"), "{e}");
    }
}
