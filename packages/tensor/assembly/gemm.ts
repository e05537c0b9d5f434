// Float32 GEMM kernels compiled to WebAssembly SIMD by scripts/build-wasm.mjs. The caller
// (src/kernels/wasm/gemm-f32.ts) owns the memory layout: it copies operand blocks in,
// calls these, and reads C back out. Pointers and strides are in bytes unless named `ld`.
//
// Packed A: `mb / 4` slivers of 4 rows, each `kc` steps long, k-major (4 floats a step).
// Packed B: slivers of 8 columns, each `kc` steps long, k-major (8 floats a step).
// The pack functions build these from row- or column-contiguous copies of the operands;
// padding rows and columns are zero. C is row-major with `ldc` floats between rows; every
// tile written is a full 4×8.
//
// The 4×8 register tile is eight f32x4 accumulators. Measured with V8 on x64 (16 xmm
// registers, no FMA in baseline wasm SIMD, so every step is a mul and an add) it beats
// 5×8, 6×8, 4×12, 3×16 and 2×16 tiles, and a hand-unrolled k loop: larger tiles spill.
// Reading A unpacked through strides instead measured about 10% slower.

/** Rows of A kept in a cache-friendly block while every B sliver streams past them. */
const MC: i32 = 128;

/**
 * C[0:mb, 0:nb] = packedA · packedB, or C += packedA · packedB when `add` is nonzero.
 * `mb` must be a multiple of 4 and `nb` a multiple of 8.
 */
export function gemmPacked(
  mb: i32,
  nb: i32,
  kc: i32,
  packedA: usize,
  packedB: usize,
  c: usize,
  ldc: i32,
  add: i32,
): void {
  const rowBytes = (ldc as usize) << 2;
  const aSliverBytes = (kc as usize) << 4;
  const bSliverBytes = (kc as usize) << 5;
  for (let ic = 0; ic < mb; ic += MC) {
    const icEnd = min(ic + MC, mb);
    // B sliver (kc×8) stays in L1 while the A block (MC×kc) is read from L2 for each one.
    for (let jr = 0; jr < nb; jr += 8) {
      const bSliver = packedB + ((jr >> 3) as usize) * bSliverBytes;
      for (let ir = ic; ir < icEnd; ir += 4) {
        let pa = packedA + ((ir >> 2) as usize) * aSliverBytes;
        let pb = bSliver;
        let c00 = f32x4.splat(0);
        let c01 = f32x4.splat(0);
        let c10 = f32x4.splat(0);
        let c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0);
        let c21 = f32x4.splat(0);
        let c30 = f32x4.splat(0);
        let c31 = f32x4.splat(0);
        for (let p = 0; p < kc; p++) {
          const b0 = v128.load(pb);
          const b1 = v128.load(pb, 16);
          let a = v128.load32_splat(pa);
          c00 = f32x4.add(c00, f32x4.mul(a, b0));
          c01 = f32x4.add(c01, f32x4.mul(a, b1));
          a = v128.load32_splat(pa, 4);
          c10 = f32x4.add(c10, f32x4.mul(a, b0));
          c11 = f32x4.add(c11, f32x4.mul(a, b1));
          a = v128.load32_splat(pa, 8);
          c20 = f32x4.add(c20, f32x4.mul(a, b0));
          c21 = f32x4.add(c21, f32x4.mul(a, b1));
          a = v128.load32_splat(pa, 12);
          c30 = f32x4.add(c30, f32x4.mul(a, b0));
          c31 = f32x4.add(c31, f32x4.mul(a, b1));
          pa += 16;
          pb += 32;
        }
        const c0 = c + (ir as usize) * rowBytes + ((jr as usize) << 2);
        const c1 = c0 + rowBytes;
        const c2 = c1 + rowBytes;
        const c3 = c2 + rowBytes;
        if (add) {
          c00 = f32x4.add(v128.load(c0), c00);
          c01 = f32x4.add(v128.load(c0, 16), c01);
          c10 = f32x4.add(v128.load(c1), c10);
          c11 = f32x4.add(v128.load(c1, 16), c11);
          c20 = f32x4.add(v128.load(c2), c20);
          c21 = f32x4.add(v128.load(c2, 16), c21);
          c30 = f32x4.add(v128.load(c3), c30);
          c31 = f32x4.add(v128.load(c3, 16), c31);
        }
        v128.store(c0, c00);
        v128.store(c0, c01, 16);
        v128.store(c1, c10);
        v128.store(c1, c11, 16);
        v128.store(c2, c20);
        v128.store(c2, c21, 16);
        v128.store(c3, c30);
        v128.store(c3, c31, 16);
      }
    }
  }
}

/**
 * One task of a threaded product (see src/kernels/threads/gemm-pool.ts): a column panel of
 * C = A·B, computed from the shared packed A and the panel of B staged raw in the task's
 * slot. Each depth block of `kcMax` steps is packed into the slot, then multiplied in, so
 * every element of C is summed exactly as on one thread. The job is nine i32 words at `job`:
 * [mb, k, kcMax, width, n, packedA, slots, slotBase, rawRows]. A is packed as consecutive
 * blocks (block `pc` at `packedA + 4·mb·pc`, mb rows, a multiple of 4). Task t covers columns
 * [t·width, min((t + 1)·width, n)) (width a multiple of 8) and uses slot t mod slots, at
 * `slotBase` + its index times the slot size; a slot holds, in floats: the raw panel (k rows
 * of `nb` floats when `rawRows`, else nb columns of k), the packed depth block (kcMax·width),
 * then the C tile (mb rows of the panel width rounded up to 8).
 */
export function gemmPanelTask(job: usize, task: i32): void {
  const mb = load<i32>(job);
  const k = load<i32>(job, 4);
  const kcMax = load<i32>(job, 8);
  const width = load<i32>(job, 12);
  const n = load<i32>(job, 16);
  const packedA = load<i32>(job, 20) as usize;
  const slots = load<i32>(job, 24);
  const slotBase = load<i32>(job, 28) as usize;
  const rawRows = load<i32>(job, 32);
  const slotFloats = (k + kcMax + mb) * width;
  const raw = slotBase + (((task % slots) * slotFloats) as usize) * 4;
  const packedB = raw + ((k * width) as usize) * 4;
  const c = packedB + ((kcMax * width) as usize) * 4;
  const nb = min(width, n - task * width);
  const ldc = (nb + 7) & ~7;
  for (let pc = 0; pc < k; pc += kcMax) {
    const kc = min(kcMax, k - pc);
    if (rawRows) packBRows(raw + ((pc * nb) as usize) * 4, nb, kc, nb, packedB);
    else packBColumns(raw + (pc as usize) * 4, k, kc, nb, packedB);
    gemmPacked(mb, ldc, kc, packedA + ((mb * pc) as usize) * 4, packedB, c, ldc, pc > 0 ? 1 : 0);
  }
}

/**
 * Packs B(p, j) = src[p * ld + j] (rows contiguous), p < kc, j < nb, into 8-column slivers
 * at `dst`, zero-filling columns nb up to the next multiple of 8. `ld` is in floats.
 */
export function packBRows(src: usize, ld: i32, kc: i32, nb: i32, dst: usize): void {
  const rowBytes = (ld as usize) << 2;
  const full = nb & ~7;
  for (let jr = 0; jr < full; jr += 8) {
    let from = src + ((jr as usize) << 2);
    for (let p = 0; p < kc; p++) {
      v128.store(dst, v128.load(from));
      v128.store(dst, v128.load(from, 16), 16);
      from += rowBytes;
      dst += 32;
    }
  }
  if (full < nb) {
    let from = src + ((full as usize) << 2);
    const valid = nb - full;
    for (let p = 0; p < kc; p++) {
      for (let j = 0; j < 8; j++) {
        store<f32>(
          dst + ((j as usize) << 2),
          j < valid ? load<f32>(from + ((j as usize) << 2)) : 0,
        );
      }
      from += rowBytes;
      dst += 32;
    }
  }
}

/**
 * Packs B(p, j) = src[j * ld + p] (columns contiguous), p < kc, j < nb, into 8-column
 * slivers at `dst`, zero-filling columns nb up to the next multiple of 8. `ld` is in floats.
 */
export function packBColumns(src: usize, ld: i32, kc: i32, nb: i32, dst: usize): void {
  const colBytes = (ld as usize) << 2;
  for (let jr = 0; jr < nb; jr += 8) {
    const valid = min(8, nb - jr);
    const from = src + (jr as usize) * colBytes;
    let p = 0;
    if (valid === 8) {
      // Four k-steps of eight columns: two 4×4 transposes, four pairs of vectors out.
      for (; p + 4 <= kc; p += 4) {
        const at = from + ((p as usize) << 2);
        transpose4(at, colBytes, dst, 32);
        transpose4(at + colBytes * 4, colBytes, dst + 16, 32);
        dst += 128;
      }
    }
    for (; p < kc; p++) {
      const at = from + ((p as usize) << 2);
      for (let j = 0; j < 8; j++) {
        store<f32>(
          dst + ((j as usize) << 2),
          j < valid ? load<f32>(at + (j as usize) * colBytes) : 0,
        );
      }
      dst += 32;
    }
  }
}

/**
 * Packs A(i, p) = src[i * ld + p] (rows contiguous), i < mb, p < kc, into 4-row slivers at
 * `dst`. `mb` must be a multiple of 4 (the caller zero-fills padding rows); `ld` in floats.
 */
export function packARows(src: usize, ld: i32, mb: i32, kc: i32, dst: usize): void {
  const rowBytes = (ld as usize) << 2;
  for (let ir = 0; ir < mb; ir += 4) {
    const from = src + (ir as usize) * rowBytes;
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      transpose4(from + ((p as usize) << 2), rowBytes, dst, 16);
      dst += 64;
    }
    for (; p < kc; p++) {
      const at = from + ((p as usize) << 2);
      store<f32>(dst, load<f32>(at));
      store<f32>(dst, load<f32>(at + rowBytes), 4);
      store<f32>(dst, load<f32>(at + rowBytes * 2), 8);
      store<f32>(dst, load<f32>(at + rowBytes * 3), 12);
      dst += 16;
    }
  }
}

/**
 * Packs A(i, p) = src[p * ld + i] (columns contiguous), i < mb, p < kc, into 4-row slivers
 * at `dst`. `mb` must be a multiple of 4 (the caller zero-fills padding rows); `ld` in floats.
 */
export function packAColumns(src: usize, ld: i32, mb: i32, kc: i32, dst: usize): void {
  const colBytes = (ld as usize) << 2;
  for (let ir = 0; ir < mb; ir += 4) {
    let from = src + ((ir as usize) << 2);
    for (let p = 0; p < kc; p++) {
      v128.store(dst, v128.load(from));
      from += colBytes;
      dst += 16;
    }
  }
}

/**
 * Reads 4 consecutive floats from each of 4 lines `stride` bytes apart and writes them
 * transposed: vector r (lane r of every line) goes to `dst + r * dstStep`.
 */
function transpose4(src: usize, stride: usize, dst: usize, dstStep: usize): void {
  const l0 = v128.load(src);
  const l1 = v128.load(src + stride);
  const l2 = v128.load(src + stride * 2);
  const l3 = v128.load(src + stride * 3);
  // Interleave pairs of lines, then pairs of halves.
  const t0 = i32x4.shuffle(l0, l1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(l2, l3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(l0, l1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(l2, l3, 2, 6, 3, 7);
  v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(dst + dstStep, i64x2.shuffle(t0, t1, 1, 3));
  v128.store(dst + dstStep * 2, i64x2.shuffle(t2, t3, 0, 2));
  v128.store(dst + dstStep * 3, i64x2.shuffle(t2, t3, 1, 3));
}
