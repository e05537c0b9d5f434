import { formatShape, Tensor } from '@convkit/tensor';
import { describeValue } from './internal/validate';

export interface FilterDiversity {
  /** Mean cosine similarity over all pairs i < j of filters (NaN with fewer than 2 filters). */
  meanCosine: number;
  maxCosine: number;
  minCosine: number;
  /** The full outC × outC matrix of cosine similarities (1 on the diagonal). */
  matrix: number[][];
}

/**
 * How different a layer's filters are: the cosine similarity cos(wᵢ, wⱼ) = wᵢ·wⱼ / (‖wᵢ‖‖wⱼ‖)
 * of every pair of filters of a weight `[outC, ...]` (each `weight[i]` flattened), in
 * float64. A maxCosine of 1 means two filters point the same way: they compute the same
 * feature up to scale, which is what a constant initialisation leaves you with forever.
 * Two all-zero filters count as identical (1); a zero filter against a non-zero one as 0.
 * Summaries are NaN with fewer than two filters or when a weight is NaN or infinite.
 * @example
 * filterDiversity(constant(0.1)([8, 3, 3, 3])).minCosine; // 1: all filters identical
 * filterDiversity(heNormal()([8, 3, 3, 3])).meanCosine; // ≈ 0
 */
export function filterDiversity(weight: Tensor): FilterDiversity {
  if (!(weight instanceof Tensor)) {
    throw new TypeError(`filterDiversity: weight must be a Tensor, got ${describeValue(weight)}`);
  }
  if (weight.rank < 2) {
    throw new RangeError(
      `filterDiversity: weight must have rank ≥ 2 ([outC, ...]), got ${formatShape(weight.shape)}`,
    );
  }
  const filters = weight.shape[0];
  const length = filters === 0 ? 0 : weight.size / filters;
  const data = weight.data;
  const norms = new Float64Array(filters);
  for (let i = 0; i < filters; i++) {
    let s = 0;
    for (let k = i * length; k < (i + 1) * length; k++) s += data[k] * data[k];
    norms[i] = Math.sqrt(s);
  }
  const matrix: number[][] = Array.from({ length: filters }, () => new Array<number>(filters));
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let sawNaN = false;
  for (let i = 0; i < filters; i++) {
    matrix[i][i] = 1;
    for (let j = i + 1; j < filters; j++) {
      let cosine: number;
      if (norms[i] === 0 || norms[j] === 0) {
        cosine = norms[i] === norms[j] ? 1 : 0;
      } else {
        let dot = 0;
        for (let k = 0; k < length; k++) dot += data[i * length + k] * data[j * length + k];
        // Round-off can push |cos| a hair past 1 for parallel filters.
        cosine = Math.max(-1, Math.min(1, dot / (norms[i] * norms[j])));
      }
      matrix[i][j] = cosine;
      matrix[j][i] = cosine;
      sum += cosine;
      if (Number.isNaN(cosine)) sawNaN = true;
      if (cosine > max) max = cosine;
      if (cosine < min) min = cosine;
    }
  }
  const pairs = (filters * (filters - 1)) / 2;
  if (pairs === 0 || sawNaN) {
    // No pairs, or a filter with NaN/Infinity weights (e.g. after a diverged step).
    return { meanCosine: Number.NaN, maxCosine: Number.NaN, minCosine: Number.NaN, matrix };
  }
  return { meanCosine: sum / pairs, maxCosine: max, minCosine: min, matrix };
}
