//! Element-wise loops of the fused ops, four numbers at a time in wasm (simd128).
//!
//! The browser build is compiled for size (opt-level "z"), which turns LLVM's loop vectorizer
//! off: these loops are written with wasm's 128-bit SIMD operations directly, and with plain
//! loops elsewhere (native builds vectorize them themselves). Each lane does the very f32
//! operation the scalar loop does, so both give the same bits (tested in wasm against candle).

/// `out[i] = relu(h[i])`: `h[i]` when positive, +0 for negatives, +0 and NaN, and `neg_zero`
/// (what the platform's `max(−0, 0)` gives) for −0.
pub(crate) fn relu(h: &[f32], neg_zero: f32, out: &mut [f32]) {
    #[cfg(target_arch = "wasm32")]
    let (h, out) = {
        use core::arch::wasm32::*;
        let (zero, nz, nz_bits) = (f32x4_splat(0.0), f32x4_splat(neg_zero), u32x4_splat((-0.0f32).to_bits()));
        let (mut hs, mut os) = (h.chunks_exact(4), out.chunks_exact_mut(4));
        for (c, o) in (&mut hs).zip(&mut os) {
            let v = load(c);
            let y = v128_bitselect(v, zero, f32x4_gt(v, zero));
            store(v128_bitselect(nz, y, u32x4_eq(v, nz_bits)), o);
        }
        (hs.remainder(), os.into_remainder())
    };
    for (o, &v) in out.iter_mut().zip(h) {
        let y = if v > 0.0 { v } else { 0.0 };
        *o = if v.to_bits() == (-0.0f32).to_bits() { neg_zero } else { y };
    }
}

/// `out[i] = g[i]·(1 if h[i] ≥ 0 else 0)`: relu's backward pass as candle computes it.
pub(crate) fn relu_grad(h: &[f32], g: &[f32], out: &mut [f32]) {
    #[cfg(target_arch = "wasm32")]
    let (h, g, out) = {
        use core::arch::wasm32::*;
        let (zero, one) = (f32x4_splat(0.0), f32x4_splat(1.0));
        let (mut hs, mut gs, mut os) = (h.chunks_exact(4), g.chunks_exact(4), out.chunks_exact_mut(4));
        for ((c, d), o) in (&mut hs).zip(&mut gs).zip(&mut os) {
            let mask = v128_bitselect(one, zero, f32x4_ge(load(c), zero));
            store(f32x4_mul(load(d), mask), o);
        }
        (hs.remainder(), gs.remainder(), os.into_remainder())
    };
    for ((o, &h), &g) in out.iter_mut().zip(h).zip(g) {
        *o = g * if h >= 0.0 { 1.0 } else { 0.0 };
    }
}

/// `a[i] += b[i]` over the shorter of the two (a bias added to a row, a row added to column
/// sums).
pub(crate) fn add_assign(a: &mut [f32], b: &[f32]) {
    #[cfg(target_arch = "wasm32")]
    let (a, b) = {
        use core::arch::wasm32::*;
        let (mut as_, mut bs) = (a.chunks_exact_mut(4), b.chunks_exact(4));
        for (x, y) in (&mut as_).zip(&mut bs) {
            store(f32x4_add(load(x), load(y)), x);
        }
        (as_.into_remainder(), bs.remainder())
    };
    for (x, &y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Four numbers of `c` (which has four) as lanes.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
pub(crate) fn load(c: &[f32]) -> core::arch::wasm32::v128 {
    core::arch::wasm32::f32x4(c[0], c[1], c[2], c[3])
}

/// Writes four lanes to `o` (which has four numbers).
#[cfg(target_arch = "wasm32")]
#[inline(always)]
pub(crate) fn store(v: core::arch::wasm32::v128, o: &mut [f32]) {
    use core::arch::wasm32::f32x4_extract_lane;
    o[0] = f32x4_extract_lane::<0>(v);
    o[1] = f32x4_extract_lane::<1>(v);
    o[2] = f32x4_extract_lane::<2>(v);
    o[3] = f32x4_extract_lane::<3>(v);
}
