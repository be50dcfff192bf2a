//! The matrix products of the dense layers, and how many threads each one uses.
//!
//! Every product is the `gemm` crate's, called with exactly the arguments candle 0.11's CPU
//! backend passes for a 2-D `Tensor::matmul` (destination zeroed and not read, `0·dst + 1·a·b`,
//! no conjugation, the operands' own strides), so the numbers are candle's bit for bit.
//! What differs is the thread choice. candle asks `candle_core::utils::get_num_threads()` on
//! every product, and without `RAYON_NUM_THREADS` that reads `/sys` and `/proc` each time
//! (1.9 s of a 2.3 s run of small products, in system time); here the choice is made from the
//! product's size alone: one thread below [`PARALLEL_WORK`] multiply-adds, rayon's threads
//! above it (rayon sizes its pool once, from `RAYON_NUM_THREADS` when set, otherwise from the
//! machine's cores), and always one thread in WebAssembly. The split over threads is by
//! blocks of the output: each number is the same sum in the same order on any number of
//! threads (tested), so runs stay reproducible whatever the machine.
//!
//! candle's element-wise operations have a thread pool of their own, used for tensors of 64 Ki
//! numbers or more; [`candle_elementwise_on_one_thread`] keeps it to the calling thread (the
//! command line calls it first thing).

use candle_core::{CpuStorage, CustomOp2, DType, Layout, Shape, Tensor};
use gemm::Parallelism;

/// Multiply-adds (`m·n·k`) from which a product is split over threads (natively, when rayon
/// has more than one). Measured on 2 cores (docs/benchmarks.md, "The command line's threads"):
/// alone, back to back (`examples/matmul_threads.rs`), two threads took 1.3–1.9× less time
/// from 4 million multiply-adds on; but inside training, where each product comes between
/// single-threaded steps, splitting the steps' products of 17 and 67 million made whole runs
/// 3–20 % slower, while splitting the evaluation's products of 146 million and more (and steps
/// of 268 million) made them 3–5 % faster. With the second core busy, splitting costs 5–15 %.
pub const PARALLEL_WORK: usize = 100_000_000;

/// A 2-D view of `f32` numbers: element `(i, j)` is `data[i·row_stride + j·col_stride]`.
/// Every element is inside `data` (checked when made).
#[derive(Clone, Copy, Debug)]
pub struct Matrix<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> Matrix<'a> {
    /// The `rows × cols` matrix whose element `(i, j)` is `data[start + i·row_stride +
    /// j·col_stride]`; `None` when an element would fall outside `data`.
    pub fn new(
        data: &'a [f32],
        start: usize,
        (rows, cols): (usize, usize),
        (row_stride, col_stride): (usize, usize),
    ) -> Option<Self> {
        let data = data.get(start..)?;
        // gemm takes strides as isize (a stride of a dimension of size 1 is passed on as given,
        // as candle passes it: gemm picks its path by the strides).
        isize::try_from(row_stride).ok()?;
        isize::try_from(col_stride).ok()?;
        if rows > 0 && cols > 0 {
            let last = (rows - 1).checked_mul(row_stride)?.checked_add((cols - 1).checked_mul(col_stride)?)?;
            if last >= data.len() {
                return None;
            }
        }
        Some(Self { data, rows, cols, row_stride, col_stride })
    }

    /// A row-major matrix: `data.len()` must be `rows · cols`.
    pub fn row_major(data: &'a [f32], rows: usize, cols: usize) -> Option<Self> {
        (rows.checked_mul(cols)? == data.len()).then_some(())?;
        Self::new(data, 0, (rows, cols), (cols, 1))
    }

    /// The matrix a 2-D candle tensor's storage and layout describe (any strides: a transposed
    /// or sliced tensor is read in place, as candle's matmul reads it).
    pub(crate) fn of(storage: &'a CpuStorage, layout: &Layout, op: &str) -> candle_core::Result<Self> {
        let CpuStorage::F32(data) = storage else { candle_core::bail!("{op}: needs f32 numbers") };
        let (rows, cols) = layout.shape().dims2()?;
        let &[row_stride, col_stride] = layout.stride() else { candle_core::bail!("{op}: needs a 2-D layout") };
        match Self::new(data, layout.start_offset(), (rows, cols), (row_stride, col_stride)) {
            Some(m) => Ok(m),
            None => candle_core::bail!("{op}: the layout reaches outside its storage"),
        }
    }

    /// `(rows, cols)`.
    pub fn dims(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }
}

/// `a·b`, row-major, on the threads [`threads_for`] picks for its size.
///
/// # Errors
/// When `a`'s columns are not `b`'s rows.
pub fn product(a: Matrix<'_>, b: Matrix<'_>) -> candle_core::Result<Vec<f32>> {
    let threads = threads_for(a.rows, b.cols, a.cols);
    product_on(a, b, threads)
}

/// `a·b` on `threads` threads (1: the calling thread only; more: rayon's pool, split by gemm).
/// Gives the same bits on any number of threads; [`product`] picks the number itself.
///
/// # Errors
/// When `a`'s columns are not `b`'s rows.
pub fn product_on(a: Matrix<'_>, b: Matrix<'_>, threads: usize) -> candle_core::Result<Vec<f32>> {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    if b.rows != k {
        candle_core::bail!("matrix product of {m}×{k} by {}×{n}: the inner sizes differ", b.rows);
    }
    let mut dst = vec![0f32; m * n];
    // As `Tensor::matmul`: an empty product is zeros (gemm is not called).
    if m == 0 || n == 0 || k == 0 {
        return Ok(dst);
    }
    let parallelism =
        if threads > 1 && !cfg!(target_arch = "wasm32") { Parallelism::Rayon(threads) } else { Parallelism::None };
    // Checked in `Matrix::new`: every stride fits.
    let stride = |s: usize| isize::try_from(s).unwrap_or(isize::MAX);
    // SAFETY: gemm reads `a` at `i·row_stride + j·col_stride` for i < m, j < k and `b` likewise
    // for i < k, j < n: `Matrix::new` checked that the last of these offsets is inside each slice
    // (so every stride times its index fits in isize, as a slice is at most isize::MAX bytes),
    // and it writes `dst` at `i·n + j` for i < m, j < n: inside `dst`, a fresh m·n vector that
    // overlaps neither operand. `read_dst` is false, so `dst` is only written.
    #[allow(unsafe_code)]
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            stride(n),
            false,
            a.data.as_ptr(),
            stride(a.col_stride),
            stride(a.row_stride),
            b.data.as_ptr(),
            stride(b.col_stride),
            stride(b.row_stride),
            0f32,
            1f32,
            false,
            false,
            false,
            parallelism,
        );
    }
    Ok(dst)
}

/// Threads for an `m×k` by `k×n` product: 1 below [`PARALLEL_WORK`] multiply-adds (and always in
/// WebAssembly), otherwise every thread of rayon's pool.
pub fn threads_for(m: usize, n: usize, k: usize) -> usize {
    if cfg!(target_arch = "wasm32") || m.saturating_mul(n).saturating_mul(k) < PARALLEL_WORK {
        1
    } else {
        pool_threads()
    }
}

/// The size of rayon's global pool (which it sizes once, from `RAYON_NUM_THREADS` or the
/// machine's cores). Only asked for products big enough to split: the pool starts on first use.
#[cfg(not(target_arch = "wasm32"))]
fn pool_threads() -> usize {
    rayon::current_num_threads()
}

#[cfg(target_arch = "wasm32")]
fn pool_threads() -> usize {
    1
}

/// Keeps candle's element-wise operations on the calling thread, unless `CANDLE_NUM_THREADS`
/// is set: call it first thing in `main`, before any thread starts (it sets that variable, which
/// candle reads once, when its pool first starts).
///
/// candle runs element-wise operations on tensors of 64 Ki numbers or more (a gradient of
/// 256×256, a layer's output on a data set) on a pool sized from `CANDLE_NUM_THREADS`, else
/// `RAYON_NUM_THREADS`, else the machine's cores, whose threads spin between operations: on 2
/// cores that made training a 256-256 network 20 % slower than on one thread, and no workload
/// measured gained from it (docs/benchmarks.md). The numbers are the same either way.
pub fn candle_elementwise_on_one_thread() {
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        std::env::set_var("CANDLE_NUM_THREADS", "1");
    }
}

/// `a·b` for 2-D tensors, with no gradient: the backward pass's products. The numbers are
/// `Tensor::matmul`'s bit for bit; `f32` tensors on the CPU go through [`product`] (read in
/// place, transposed views included), others through candle's matmul.
pub fn matmul_no_grad(a: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    let ours = a.dtype() == DType::F32
        && b.dtype() == DType::F32
        && a.device().is_cpu()
        && b.device().is_cpu()
        && a.rank() == 2
        && b.rank() == 2;
    if ours {
        a.apply_op2_no_bwd(b, &Product)
    } else {
        a.matmul(b)
    }
}

/// The custom op behind [`matmul_no_grad`].
struct Product;

impl CustomOp2 for Product {
    fn name(&self) -> &'static str {
        "lantern-matmul"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (a, b) = (Matrix::of(s1, l1, self.name())?, Matrix::of(s2, l2, self.name())?);
        let out = product(a, b)?;
        Ok((CpuStorage::F32(out), Shape::from((a.rows, b.cols))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    /// Varied numbers of all magnitudes, so that a different order of additions shows.
    fn numbers(n: usize, seed: f32) -> Vec<f32> {
        (0..n).map(|i| ((i as f32 * 0.618 + seed).sin() * 3.1).powi(3) * 10f32.powi((i % 5) as i32 - 2)).collect()
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    fn tensor_bits(t: &Tensor) -> Vec<u32> {
        bits(&t.flatten_all().unwrap().to_vec1::<f32>().unwrap())
    }

    /// Row-major `rows × cols` tensor of varied numbers.
    fn tensor(rows: usize, cols: usize, seed: f32) -> Tensor {
        Tensor::from_vec(numbers(rows * cols, seed), (rows, cols), &Device::Cpu).unwrap()
    }

    /// The shapes the model multiplies (a batch or a whole set through a layer, and the
    /// backward pass's products), the special paths of gemm (k ≤ 2, one row or column, tiny
    /// outputs) and sizes above and below the thread threshold.
    const SHAPES: [(usize, usize, usize); 12] = [
        (1, 1, 1),
        (7, 5, 6),
        (7, 2, 3),
        (1, 19, 3),
        (300, 19, 1),
        (1, 64, 128),
        (16, 2, 8),
        (256, 19, 3),
        (256, 32, 32),
        (64, 128, 64),
        (4_000, 20, 32),
        (70_000, 19, 3),
    ];

    /// Contiguous operands, transposed views (the backward pass's `g·Wᵀ` and `xᵀ·g`) and a
    /// sliced one: each product equals candle's `Tensor::matmul` bit for bit.
    #[test]
    fn equals_candle_matmul_bit_for_bit() {
        for (i, &(m, k, n)) in SHAPES.iter().enumerate() {
            let seed = i as f32;
            let (a, b) = (tensor(m, k, seed), tensor(k, n, seed + 0.5));
            // Transposed views of row-major storage: (k, m)ᵀ and (n, k)ᵀ.
            let (at, bt) = (tensor(k, m, seed + 0.25).t().unwrap(), tensor(n, k, seed + 0.75).t().unwrap());
            // A sliced view: columns 1..=k of an (m, k + 2) matrix, rows 1..=k of a (k + 1, n) one.
            let a_slice = tensor(m, k + 2, seed + 0.125).narrow(1, 1, k).unwrap();
            let b_slice = tensor(k + 1, n, seed + 0.375).narrow(0, 1, k).unwrap();
            for (x, y) in [(&a, &b), (&at, &b), (&a, &bt), (&at, &bt), (&a_slice, &b_slice)] {
                let ours = matmul_no_grad(x, y).unwrap();
                let candle = x.matmul(y).unwrap();
                assert_eq!(ours.dims(), candle.dims(), "{m}×{k}·{k}×{n}");
                assert_eq!(
                    tensor_bits(&ours),
                    tensor_bits(&candle),
                    "{m}×{k}·{k}×{n}, {:?}·{:?}",
                    x.stride(),
                    y.stride()
                );
            }
        }
    }

    /// The same bits on one, two and four threads, for products big enough that gemm really
    /// splits them (its own cut-off is 48·48·256 multiply-adds per block of k).
    #[test]
    fn same_bits_on_any_number_of_threads() {
        for &(m, k, n) in &[(4_096, 64, 64), (100_000, 19, 3), (50_000, 20, 32), (2_000, 300, 40), (64, 128, 64)] {
            let (a, b) = (numbers(m * k, 0.1), numbers(k * n, 0.2));
            let (a, b) = (Matrix::row_major(&a, m, k).unwrap(), Matrix::row_major(&b, k, n).unwrap());
            let one = product_on(a, b, 1).unwrap();
            for threads in [2, 4] {
                assert_eq!(bits(&product_on(a, b, threads).unwrap()), bits(&one), "{m}×{k}·{k}×{n} on {threads}");
            }
            assert_eq!(bits(&product(a, b).unwrap()), bits(&one));
        }
    }

    /// By hand, and the sizes: an empty product is zeros, mismatched sizes and views reaching
    /// outside their numbers are refused.
    #[test]
    fn by_hand_and_refusals() {
        // [1 2; 3 4]·[5; 6] = [17; 39].
        let (a, b) = ([1f32, 2.0, 3.0, 4.0], [5f32, 6.0]);
        let out = product(Matrix::row_major(&a, 2, 2).unwrap(), Matrix::row_major(&b, 2, 1).unwrap()).unwrap();
        assert_eq!(out, [17.0, 39.0]);
        // The same `a` read as its transpose: [1 3; 2 4]·[5; 6] = [23; 34].
        let at = Matrix::new(&a, 0, (2, 2), (1, 2)).unwrap();
        assert_eq!(product(at, Matrix::row_major(&b, 2, 1).unwrap()).unwrap(), [23.0, 34.0]);
        let empty: [f32; 0] = [];
        let zero_k = product(Matrix::row_major(&empty, 3, 0).unwrap(), Matrix::row_major(&empty, 0, 2).unwrap());
        assert_eq!(zero_k.unwrap(), [0.0; 6]);
        assert!(product(Matrix::row_major(&a, 2, 2).unwrap(), Matrix::row_major(&a, 1, 4).unwrap()).is_err());
        assert!(Matrix::row_major(&a, 3, 2).is_none());
        assert!(Matrix::new(&a, 1, (2, 2), (2, 1)).is_none(), "the last element is a[4]");
        assert!(Matrix::new(&a, 0, (2, 2), (usize::MAX, 1)).is_none());
        assert!(Matrix::new(&a, 5, (0, 0), (1, 1)).is_none());
        assert!(Matrix::new(&a, 0, (1, 2), (usize::MAX, 1)).is_none(), "strides must fit in isize");
    }

    /// The thread choice: one thread below the threshold.
    #[test]
    fn small_products_use_one_thread() {
        assert_eq!(threads_for(256, 3, 19), 1);
        assert_eq!(threads_for(PARALLEL_WORK - 1, 1, 1), 1);
        assert_eq!(threads_for(PARALLEL_WORK, 1, 1), pool_threads());
        assert_eq!(threads_for(usize::MAX, usize::MAX, 2), pool_threads());
    }
}
