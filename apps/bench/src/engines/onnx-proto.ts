// A minimal ONNX model writer: just enough protobuf to describe the float32 graphs the
// bench feeds to onnxruntime (Conv, MatMul, MaxPool, Gemm, …), so no ONNX tooling is needed.
// Field numbers follow onnx.proto (proto2); repeated scalars are written unpacked, which
// every protobuf reader accepts.

/** An attribute value: an int, a float, or a list of ints. */
export type OnnxAttribute = number | { float: number } | readonly number[];

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxValue {
  name: string;
  shape: readonly number[];
  /** ONNX element type: 1 float32 (default), 6 int32, 7 int64. */
  elemType?: number;
}

export interface OnnxInitializer {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

export interface OnnxGraph {
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  initializers?: readonly OnnxInitializer[];
  nodes: readonly OnnxNode[];
  /** Default opset 13. */
  opset?: number;
}

const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

class ProtoWriter {
  private bytes: number[] = [];

  varint(value: number): this {
    // Non-negative integers up to 2^53; negative int64 would need ten bytes (unused here).
    if (value < 0 || !Number.isInteger(value))
      throw new RangeError(`onnx: varint must be a non-negative integer, got ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
    return this;
  }

  key(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  int(field: number, value: number): this {
    return this.key(field, 0).varint(value);
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    for (const x of b) this.bytes.push(x);
    return this;
  }

  raw(field: number, data: Uint8Array): this {
    this.key(field, 2).varint(data.length);
    for (const x of data) this.bytes.push(x);
    return this;
  }

  string(field: number, value: string): this {
    return this.raw(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.raw(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function writeValueInfo(w: ProtoWriter, field: number, value: OnnxValue): void {
  w.message(field, (vi) => {
    vi.string(1, value.name);
    vi.message(2, (type) =>
      type.message(1, (tensor) => {
        tensor.int(1, value.elemType ?? FLOAT);
        tensor.message(2, (shape) => {
          for (const d of value.shape) shape.message(1, (dim) => dim.int(1, d));
        });
      }),
    );
  });
}

function writeAttribute(w: ProtoWriter, name: string, value: OnnxAttribute): void {
  w.message(5, (a) => {
    a.string(1, name);
    if (typeof value === 'number') a.int(3, value).int(20, ATTR_INT);
    else if (Array.isArray(value)) {
      for (const v of value) a.int(8, v);
      a.int(20, ATTR_INTS);
    } else a.float(2, (value as { float: number }).float).int(20, ATTR_FLOAT);
  });
}

/**
 * Encodes a single-graph ONNX model (IR version 8) as protobuf bytes, ready for
 * `InferenceSession.create(bytes)`.
 * @example
 * const bytes = encodeOnnxModel({
 *   inputs: [{ name: 'a', shape: [2, 2] }, { name: 'b', shape: [2, 2] }],
 *   outputs: [{ name: 'c', shape: [2, 2] }],
 *   nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['c'] }],
 * });
 */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version
  w.string(2, 'convkit-bench');
  w.message(7, (g) => {
    graph.nodes.forEach((node, i) => {
      g.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `${node.op.toLowerCase()}_${i}`);
        n.string(4, node.op);
        for (const [name, value] of Object.entries(node.attributes ?? {}))
          writeAttribute(n, name, value);
      });
    });
    g.string(2, 'bench');
    for (const init of graph.initializers ?? []) {
      g.message(5, (t) => {
        for (const d of init.dims) t.int(1, d);
        t.int(2, FLOAT);
        t.string(8, init.name);
        t.raw(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
      });
    }
    for (const input of graph.inputs) writeValueInfo(g, 11, input);
    for (const output of graph.outputs) writeValueInfo(g, 12, output);
  });
  w.message(8, (o) => o.string(1, '').int(2, graph.opset ?? 13));
  return w.finish();
}
