/**
 * The Q factor of a thin QR decomposition A = QR of an m×n matrix (m ≥ n), in float64, with
 * the columns of Q multiplied by sign(R_jj) so that R has a non-negative diagonal. That makes
 * the factorisation unique, and Q Haar-distributed when A is Gaussian (Mezzadri 2007), which
 * is what PyTorch's `orthogonal_` does with `q *= diag(r).sign()`.
 *
 * Householder reflections: stable even when columns are nearly dependent.
 * @param a row-major m×n, overwritten (it ends holding R in its upper triangle).
 * @returns Q, row-major m×n with orthonormal columns.
 */
export function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  if (m < n) throw new RangeError(`householderQ: need rows ≥ cols, got ${m}×${n}`);
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const len = m - k;
    const v = new Float64Array(len);
    let norm2 = 0;
    for (let i = 0; i < len; i++) {
      v[i] = a[(k + i) * n + k];
      norm2 += v[i] * v[i];
    }
    const norm = Math.sqrt(norm2);
    // Reflect x onto -sign(x₀)·‖x‖·e₁: adding, not subtracting, avoids cancellation.
    const alpha = v[0] >= 0 ? -norm : norm;
    v[0] -= alpha;
    let vNorm2 = 0;
    for (let i = 0; i < len; i++) vNorm2 += v[i] * v[i];
    if (vNorm2 > 0) {
      const scale = 1 / Math.sqrt(vNorm2);
      for (let i = 0; i < len; i++) v[i] *= scale;
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = 0; i < len; i++) dot += v[i] * a[(k + i) * n + j];
        dot *= 2;
        for (let i = 0; i < len; i++) a[(k + i) * n + j] -= dot * v[i];
      }
    }
    vs.push(v);
    signs[k] = a[k * n + k] < 0 ? -1 : 1;
  }
  // Q = H₀ H₁ … H_{n-1} · I[:, :n], applied right to left.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    const len = m - k;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += v[i] * q[(k + i) * n + j];
      dot *= 2;
      if (dot !== 0) for (let i = 0; i < len; i++) q[(k + i) * n + j] -= dot * v[i];
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] *= signs[j];
  return q;
}
