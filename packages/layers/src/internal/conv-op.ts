import { defineOp, type Op, type Shape, Tensor } from '@convkit/tensor';
import type { ConvGeometry } from './conv-geometry';
import { biasGrad, convBackward, convForward } from './conv-kernels';
import type { ResolvedConv } from './conv-options';
import type { FloatArray } from './float-array';
import { padInput } from './pad-input';

type ConvArgs = [Tensor, Tensor, Tensor | null, ConvGeometry, Shape];
interface ConvSaved {
  input: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  geometry: ConvGeometry;
}

/**
 * The fused convolution op (input, weight, bias → out) under the name used in graphs and
 * anomaly reports. Its backward returns [dInput, dWeight, dBias], skipping the ones whose
 * tensor does not require grad. Tensor shapes only matter at the edges: the kernels work
 * on flat NCHW storage, so conv1d and unbatched input reuse it unchanged.
 */
export function makeConvOp(name: string): Op<ConvArgs, ConvSaved> {
  return defineOp({
    name,
    forward(
      input: Tensor,
      weight: Tensor,
      bias: Tensor | null,
      geometry: ConvGeometry,
      outShape: Shape,
    ) {
      const out = convForward(
        input.data as FloatArray,
        weight.data as FloatArray,
        bias === null ? null : (bias.data as FloatArray),
        geometry,
      );
      return { out: new Tensor(out, outShape), saved: { input, weight, bias, geometry } };
    },
    backward(dOut, { input, weight, bias, geometry }) {
      const d = dOut.data as FloatArray;
      const { dx, dw } = convBackward(
        d,
        geometry,
        input.requiresGrad ? (weight.data as FloatArray) : null,
        weight.requiresGrad ? (input.data as FloatArray) : null,
      );
      const db =
        bias?.requiresGrad === true
          ? new Tensor(
              biasGrad(d, geometry.n, geometry.outC, geometry.outH * geometry.outW),
              bias.shape,
            )
          : null;
      return [dx && new Tensor(dx, input.shape), dw && new Tensor(dw, weight.shape), db];
    },
  });
}

/** Runs a validated convolution: explicit padding for non-zero modes, then the fused op. */
export function runConv(resolved: ResolvedConv, op: Op<ConvArgs, ConvSaved>, dims: 1 | 2): Tensor {
  const { x, weight, bias, geom, pad, mode, outShape } = resolved;
  let input = x;
  if (mode !== 'zeros') {
    const spatial = dims === 2 ? [geom.h, geom.w] : [geom.w];
    const h = geom.h - pad[0] - pad[1];
    const w = geom.w - pad[2] - pad[3];
    input = padInput(x, h, w, pad, mode, [...x.shape.slice(0, x.rank - dims), ...spatial]);
  }
  return op(input, weight, bias, geom, outShape);
}
