import {
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
} from '@convkit/layers';
import { Adam } from '@convkit/optim';
import { noGrad, Tensor } from '@convkit/tensor';
import { inferenceOnly, ortPrepared } from '../engines/helpers';
import { integers, toFloat64, uniform } from '../internal/data';
import { jaxMnist, tfjsMnist } from './mnist-cnn-peers';
import type { BenchCase, Outputs, Prepared, Variant } from './types';

export interface MnistParams {
  batch: number;
  mode: 'train-step' | 'inference';
}

/** One LeNet-5 parameter in convkit's layout (conv [O, I, kH, kW], linear [out, in]). */
export interface LenetParam {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Adam settings shared by every engine (PyTorch's defaults). */
export const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

// LeNet-5 for 28×28 digits: conv 5×5 pad 2 (6) · pool · conv 5×5 (16) · pool · 120 · 84 · 10.
const LAYOUT: { name: string; shape: number[]; fanIn: number }[] = [
  { name: 'conv1.weight', shape: [6, 1, 5, 5], fanIn: 25 },
  { name: 'conv1.bias', shape: [6], fanIn: 25 },
  { name: 'conv2.weight', shape: [16, 6, 5, 5], fanIn: 150 },
  { name: 'conv2.bias', shape: [16], fanIn: 150 },
  { name: 'fc1.weight', shape: [120, 400], fanIn: 400 },
  { name: 'fc1.bias', shape: [120], fanIn: 400 },
  { name: 'fc2.weight', shape: [84, 120], fanIn: 120 },
  { name: 'fc2.bias', shape: [84], fanIn: 120 },
  { name: 'fc3.weight', shape: [10, 84], fanIn: 84 },
  { name: 'fc3.bias', shape: [10], fanIn: 84 },
];

/** The same initial parameters for every engine: He-uniform weights, small uniform biases. */
export function lenetParams(): LenetParam[] {
  return LAYOUT.map(({ name, shape, fanIn }, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const bound = name.endsWith('bias') ? 0.1 : Math.sqrt(6 / fanIn);
    return { name, shape, data: uniform(100 + i, size, -bound, bound) };
  });
}

/** A synthetic batch with MNIST's shapes: pixels in [0, 1), labels 0–9 (speed does not depend on the digits). */
export function mnistBatch(batch: number): { x: Float32Array; labels: Int32Array } {
  return { x: uniform(61, batch * 28 * 28, 0, 1), labels: integers(62, batch, 10) };
}

/** Forward FLOPs of LeNet-5 per image (convolutions and linear layers). */
const FORWARD_FLOPS = 2 * (6 * 28 * 28 * 25 + 16 * 10 * 10 * 150 + 400 * 120 + 120 * 84 + 84 * 10);

function variants(quick: boolean): Variant<MnistParams>[] {
  const batch = quick ? 4 : 64;
  return [
    {
      id: 'mnist/train-step',
      title: 'MNIST CNN train step',
      detail: `LeNet-5 (61,706 parameters), batch ${batch}: forward, cross-entropy, backward, Adam`,
      params: { batch, mode: 'train-step' },
      // Backward counted as twice the forward, the usual convention.
      flops: 3 * FORWARD_FLOPS * batch,
      items: { count: batch, unit: 'images' },
      tolerance: 1e-3,
      fresh: true,
    },
    {
      id: 'mnist/inference',
      title: 'MNIST CNN inference',
      detail: `LeNet-5, batch ${batch}, forward only`,
      params: { batch, mode: 'inference' },
      flops: FORWARD_FLOPS * batch,
      items: { count: batch, unit: 'images' },
      tolerance: 2e-4,
      fresh: true,
    },
  ];
}

function convkitSetup(p: MnistParams, dtype: 'float32' | 'float64'): Prepared {
  const model = new Sequential(
    new Conv2d(1, 6, 5, { padding: 2, dtype }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(6, 16, 5, { dtype }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(400, 120, { dtype }),
    new ReLU(),
    new Linear(120, 84, { dtype }),
    new ReLU(),
    new Linear(84, 10, { dtype }),
  );
  const params = model.parameters();
  for (const [i, init] of lenetParams().entries()) params[i].data.set(init.data);
  const batch = mnistBatch(p.batch);
  const x = new Tensor(dtype === 'float64' ? toFloat64(batch.x) : batch.x, [p.batch, 1, 28, 28]);
  const labels = new Tensor(batch.labels, [p.batch]);
  if (p.mode === 'inference') {
    let logits: Tensor | null = null;
    return {
      run() {
        logits = noGrad(() => model.call(x));
      },
      output: () => [(logits as Tensor).data as Float32Array],
    };
  }
  const optimizer = new Adam(params, {
    lr: ADAM.lr,
    betas: [ADAM.beta1, ADAM.beta2],
    eps: ADAM.eps,
  });
  let checked: Outputs | null = null;
  return {
    run() {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.call(x), labels);
      loss.backward();
      // The check compares the first step's loss and gradients, before Adam moves anything.
      if (checked === null)
        checked = [
          Float64Array.of(loss.item()),
          ...params.map((q) => Float64Array.from((q.grad as Tensor).data)),
        ];
      optimizer.step();
    },
    output: () => checked as Outputs,
  };
}

export const mnistCase: BenchCase<MnistParams> = {
  name: 'mnist',
  description:
    'LeNet-5 on MNIST-shaped batches of 64: one training step (forward, loss, backward, Adam) and inference',
  variants,
  setups: {
    reference: (p) => convkitSetup(p, 'float64'),
    convkit: (p) => convkitSetup(p, 'float32'),
    tfjs: tfjsMnist,
    jax: jaxMnist,
    ort(p, ctx) {
      if (p.mode !== 'inference') return inferenceOnly('onnxruntime-node');
      const init = lenetParams();
      const conv = (input: string, w: string, b: string, out: string, pad: number) => ({
        op: 'Conv',
        inputs: [input, w, b],
        outputs: [out],
        attributes: { kernel_shape: [5, 5], pads: [pad, pad, pad, pad] },
      });
      const pool = (input: string, out: string) => ({
        op: 'MaxPool',
        inputs: [input],
        outputs: [out],
        attributes: { kernel_shape: [2, 2], strides: [2, 2] },
      });
      const relu = (input: string, out: string) => ({
        op: 'Relu',
        inputs: [input],
        outputs: [out],
      });
      const gemm = (input: string, w: string, b: string, out: string) => ({
        op: 'Gemm',
        inputs: [input, w, b],
        outputs: [out],
        attributes: { transB: 1 },
      });
      const { x } = mnistBatch(p.batch);
      return ortPrepared(
        ctx,
        {
          inputs: [{ name: 'x', shape: [p.batch, 1, 28, 28] }],
          outputs: [{ name: 'logits', shape: [p.batch, 10] }],
          initializers: init.map((q) => ({ name: q.name, dims: q.shape, data: q.data })),
          nodes: [
            conv('x', 'conv1.weight', 'conv1.bias', 'c1', 2),
            relu('c1', 'r1'),
            pool('r1', 'p1'),
            conv('p1', 'conv2.weight', 'conv2.bias', 'c2', 0),
            relu('c2', 'r2'),
            pool('r2', 'p2'),
            { op: 'Flatten', inputs: ['p2'], outputs: ['f'], attributes: { axis: 1 } },
            gemm('f', 'fc1.weight', 'fc1.bias', 'h1'),
            relu('h1', 'a1'),
            gemm('a1', 'fc2.weight', 'fc2.bias', 'h2'),
            relu('h2', 'a2'),
            gemm('a2', 'fc3.weight', 'fc3.bias', 'logits'),
          ],
        },
        { x: { data: x, shape: [p.batch, 1, 28, 28] } },
      );
    },
  },
};
