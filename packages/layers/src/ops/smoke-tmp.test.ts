import { randn, createRng } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { it } from 'vitest';
import { refConv2d, refConvTranspose2d } from '../internal/conv-reference';
import { conv2d } from './conv2d';
import { convTranspose2d } from './conv-transpose2d';

it('smoke', () => {
  const rng = createRng(1);
  for (const [groups, cg, outCg] of [[1, 3, 4], [2, 2, 3], [3, 1, 2], [1, 1, 2]]) {
    const x = randn([2, cg * groups, 7, 6], { dtype: 'float64', rng });
    const w = randn([outCg * groups, cg, 3, 2], { dtype: 'float64', rng });
    const b = randn([outCg * groups], { dtype: 'float64', rng });
    const y = conv2d(x, w, { bias: b, stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups });
    expectClose(y, refConv2d(x, w, b, { stride: [2, 1], pad: [1, 1, 2, 2], dilation: [1, 2], groups }), { atol: 1e-10 });
    const wt = randn([cg * groups, outCg, 3, 2], { dtype: 'float64', rng });
    const cfg = { stride: [2, 3] as [number, number], padding: [1, 0] as [number, number], outputPadding: [1, 2] as [number, number], dilation: [1, 1] as [number, number], groups };
    expectClose(convTranspose2d(x, wt, { ...cfg, bias: null }), refConvTranspose2d(x, wt, null, cfg), { atol: 1e-10 });
  }
});
