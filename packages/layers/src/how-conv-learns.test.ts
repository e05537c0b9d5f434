// The example of docs/how-conv-learns.md, worked by hand: a 3×3 input, a 2×2 filter, ReLU and
// a squared error. Every number below was computed on paper.
import { type Tensor, tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { mseLoss } from './losses/regression';
import { relu } from './ops/activations';
import { avgPool2d } from './ops/avg-pool2d';
import { conv2d } from './ops/conv2d';
import { maxPool2d } from './ops/max-pool2d';

const f64 = { dtype: 'float64' } as const;

describe('how a filter learns, by hand', () => {
  const x = tensor(
    [
      [
        [
          [1, 2, 0],
          [0, 1, 3],
          [2, 1, 1],
        ],
      ],
    ],
    { ...f64, requiresGrad: true },
  );
  const w = tensor(
    [
      [
        [
          [1, 0],
          [-1, 1],
        ],
      ],
    ],
    { ...f64, requiresGrad: true },
  );
  const b = tensor([0], { ...f64, requiresGrad: true });
  const target = tensor(
    [
      [
        [
          [1, 3],
          [1, 2],
        ],
      ],
    ],
    f64,
  );

  const z = conv2d(x, w, { bias: b });
  const a = relu(z);
  // L = ½·Σ(a − t)², so ∂L/∂a = a − t: the error.
  const loss = mseLoss(a, target, { reduction: 'sum' }).mul(0.5);
  z.retainGrad();
  a.retainGrad();
  loss.backward();

  it('forward: correlation, then ReLU', () => {
    expectClose(z, [
      [
        [
          [2, 4],
          [-1, 1],
        ],
      ],
    ]);
    expectClose(a, [
      [
        [
          [2, 4],
          [0, 1],
        ],
      ],
    ]);
    expect(loss.item()).toBe(2);
  });

  it('the error, and the ReLU mask that zeroes it where z < 0', () => {
    expectClose(a.grad as Tensor, [
      [
        [
          [1, 1],
          [-1, -1],
        ],
      ],
    ]);
    expectClose(z.grad as Tensor, [
      [
        [
          [1, 1],
          [0, -1],
        ],
      ],
    ]);
  });

  it('filter gradient = correlation of the input with the masked error', () => {
    expectClose(w.grad as Tensor, [
      [
        [
          [2, -1],
          [0, 3],
        ],
      ],
    ]);
    expectClose(b.grad as Tensor, [1]);
    // The same numbers from conv2d itself, with the error as the kernel.
    const delta = (z.grad as Tensor).detach();
    expectClose(conv2d(x.detach(), delta), w.grad as Tensor);
  });

  it('input gradient = full convolution of the masked error with the filter', () => {
    expectClose(x.grad as Tensor, [
      [
        [
          [1, 1, 0],
          [-1, -1, 1],
          [0, 1, -1],
        ],
      ],
    ]);
  });

  it('max pooling routes the gradient to the arg-max (the first one on ties); average pooling spreads it', () => {
    const p = tensor(
      [
        [
          [
            [2, 4],
            [0, 1],
          ],
        ],
      ],
      { ...f64, requiresGrad: true },
    );
    maxPool2d(p, { kernelSize: 2 }).sum().backward();
    expectClose(p.grad as Tensor, [
      [
        [
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
    const tie = tensor(
      [
        [
          [
            [3, 3],
            [1, 3],
          ],
        ],
      ],
      { ...f64, requiresGrad: true },
    );
    maxPool2d(tie, { kernelSize: 2 }).sum().backward();
    expectClose(tie.grad as Tensor, [
      [
        [
          [1, 0],
          [0, 0],
        ],
      ],
    ]);
    const q = tensor(
      [
        [
          [
            [2, 4],
            [0, 1],
          ],
        ],
      ],
      { ...f64, requiresGrad: true },
    );
    avgPool2d(q, { kernelSize: 2 }).sum().backward();
    expectClose(q.grad as Tensor, [
      [
        [
          [0.25, 0.25],
          [0.25, 0.25],
        ],
      ],
    ]);
  });
});
