//! A dataset's rows as tensors: the whole matrix, or a mini-batch (with its rows' weights).

use crate::data::Dataset;
use crate::error::Result;
use candle_core::{Device, Tensor};

/// The whole of `data` as `(rows, width)` features and `(rows, 1)` targets.
pub(super) fn matrix(data: &Dataset) -> Result<(Tensor, Tensor)> {
    let dev = Device::Cpu;
    let x = Tensor::from_slice(&data.x, (data.rows(), data.width()), &dev)?;
    let y = Tensor::from_slice(&data.y, (data.rows(), 1), &dev)?;
    Ok((x, y))
}

/// The mini-batch of `rows` (indices into `data`), copied straight from the host rows into
/// `(b, width)` and `(b, 1)` tensors: the same numbers `index_select` on the training matrix
/// gave, without an index tensor and two gather ops per step.
pub(super) fn gather(data: &Dataset, rows: &[u32]) -> Result<(Tensor, Tensor)> {
    let w = data.width();
    let mut x = Vec::with_capacity(rows.len() * w);
    let mut y = Vec::with_capacity(rows.len());
    for &r in rows {
        let r = r as usize;
        x.extend_from_slice(&data.x[r * w..(r + 1) * w]);
        y.push(data.y[r]);
    }
    let dev = Device::Cpu;
    Ok((Tensor::from_vec(x, (rows.len(), w), &dev)?, Tensor::from_vec(y, (rows.len(), 1), &dev)?))
}

/// The weights of the mini-batch's `rows` (the class weight of each), when the run has any.
pub(super) fn gather_weights(weights: Option<&[f32]>, rows: &[u32]) -> Option<Vec<f32>> {
    weights.map(|w| rows.iter().map(|&r| w[r as usize]).collect())
}
