import { defineOp, isGradEnabled, type Op, type Shape, Tensor } from '@convkit/tensor';
import type { ConvGeometry } from './conv-geometry';
import { biasGrad, convBackward, convForward } from './conv-kernels';
import type { ResolvedConv } from './conv-options';
import type { FloatArray } from './float-array';
import { padInput } from './pad-input';

/** Input, weight, bias, geometry, output shape, and whether a weight gradient will follow. */
type ConvArgs = [Tensor, Tensor, Tensor | null, ConvGeometry, Shape, boolean];
interface ConvSaved {
  input: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  geometry: ConvGeometry;
  /** The forward's im2col matrix, when it was small enough to keep (see convForward). */
  columns: FloatArray | null;
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
      weightGradFollows: boolean,
    ) {
      const { out, columns } = convForward(
        input.data as FloatArray,
        weight.data as FloatArray,
        bias === null ? null : (bias.data as FloatArray),
        geometry,
        weightGradFollows,
      );
      return { out: new Tensor(out, outShape), saved: { input, weight, bias, geometry, columns } };
    },
    backward(dOut, { input, weight, bias, geometry, columns }) {
      const d = dOut.data as FloatArray;
      const { dx, dw } = convBackward(
        d,
        geometry,
        input.requiresGrad ? (weight.data as FloatArray) : null,
        weight.requiresGrad ? (input.data as FloatArray) : null,
        columns,
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
  // The forward runs with recording off, so whether a weight gradient can follow is decided
  // here: only then is its im2col matrix worth keeping in the graph.
  return op(input, weight, bias, geom, outShape, isGradEnabled() && weight.requiresGrad);
}
