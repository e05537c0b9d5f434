import { type DType, Tensor, type TypedArray } from '@convkit/tensor';
import { type HeaderEntry, parseHeader, quoteName } from '../internal/safetensors-header';
import { SafetensorsError } from './errors';
import { type StateDictLike, stateEntries } from './state-dict';

const DTYPE_NAMES: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A decoded safetensors file: the tensors in file order and the `__metadata__` strings. */
export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Encodes named tensors as safetensors bytes (the format of Hugging Face and PyTorch's
 * `safetensors` package): an 8-byte little-endian header length, a JSON header
 * `{ name: { dtype, shape, data_offsets } , __metadata__? }` padded with spaces to a multiple
 * of 8 bytes, then each tensor's raw little-endian data, contiguous, in the state's order.
 * float32/float64/int32 become F32/F64/I32. Works in Node and the browser.
 * @example
 * const bytes = saveSafetensors(model.stateDict(), { epoch: '3' });
 */
export function saveSafetensors(
  state: StateDictLike,
  metadata?: Record<string, string>,
): Uint8Array {
  const op = 'saveSafetensors';
  const entries = stateEntries(state, op);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new TypeError(`${op}: metadata must be a record of strings, got ${String(metadata)}`);
    }
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') {
        throw new TypeError(
          `${op}: metadata values must be strings, got ${typeof value} for '${key}'`,
        );
      }
    }
    header.__metadata__ = { ...metadata };
  }
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__')
      throw new TypeError(`${op}: '__metadata__' is reserved and cannot name a tensor`);
    const end = offset + t.data.byteLength;
    header[name] = {
      dtype: DTYPE_NAMES[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, end],
    };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces (allowed by the format) so that the data starts 8-byte aligned.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let cursor = 8 + headerLength;
  for (const [, t] of entries) {
    writeLittleEndian(t.data, out, cursor);
    cursor += t.data.byteLength;
  }
  return out;
}

function writeLittleEndian(data: TypedArray, out: Uint8Array, at: number): void {
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + at, data.byteLength);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(i * 4, data[i], true);
    else if (data instanceof Float64Array) view.setFloat64(i * 8, data[i], true);
    else view.setInt32(i * 4, data[i], true);
  }
}

/**
 * Decodes safetensors bytes into tensors (in file order) and metadata. The whole file is
 * validated before any tensor is made — header length against the file size (and a 100 MB
 * cap), UTF-8 and JSON, duplicate keys, dtypes (F32, F64, I32; I64 is read as int32 when
 * every value fits, for PyTorch's `num_batches_tracked`), shapes against byte ranges, and
 * ranges that must tile the data exactly — so a truncated, corrupt or lying file throws a
 * `SafetensorsError` and never allocates more than the file's own size.
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsContents {
  let input: Uint8Array;
  // A plain Uint8Array view: subclasses such as Node's Buffer change what slice() returns.
  if (bytes instanceof Uint8Array)
    input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  else if (bytes instanceof ArrayBuffer) input = new Uint8Array(bytes);
  else
    throw new TypeError(
      `loadSafetensors: bytes must be a Uint8Array or an ArrayBuffer, got ${typeof bytes}`,
    );
  const { entries, metadata, dataStart } = parseHeader(input);
  const tensors = new Map<string, Tensor>();
  for (const e of entries) tensors.set(e.name, readTensor(input, dataStart, e));
  return { tensors, metadata };
}

/**
 * Decodes safetensors bytes into a `Map` of name → tensor, ready for
 * `model.loadStateDict(...)`. See `decodeSafetensors` for the checks; any failure is a
 * `SafetensorsError` and nothing is returned.
 * @example
 * model.loadStateDict(loadSafetensors(bytes));
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Map<string, Tensor> {
  return decodeSafetensors(bytes).tensors;
}

function readTensor(bytes: Uint8Array, dataStart: number, e: HeaderEntry): Tensor {
  // slice() copies into a fresh, aligned buffer that the tensor then owns.
  const raw = bytes.slice(dataStart + e.begin, dataStart + e.end);
  const view = new DataView(raw.buffer);
  switch (e.dtype) {
    case 'F32':
      return new Tensor(
        LITTLE_ENDIAN ? new Float32Array(raw.buffer) : readEach(view, 4, Float32Array),
        e.shape,
      );
    case 'F64':
      return new Tensor(
        LITTLE_ENDIAN ? new Float64Array(raw.buffer) : readEach(view, 8, Float64Array),
        e.shape,
      );
    case 'I32':
      return new Tensor(
        LITTLE_ENDIAN ? new Int32Array(raw.buffer) : readEach(view, 4, Int32Array),
        e.shape,
      );
    default:
      return new Tensor(readInt64AsInt32(view, e.name), e.shape);
  }
}

function readEach<T extends TypedArray>(
  view: DataView,
  size: number,
  Kind: { new (n: number): T },
): T {
  const out = new Kind(view.byteLength / size);
  for (let i = 0; i < out.length; i++) {
    out[i] =
      size === 8
        ? view.getFloat64(i * 8, true)
        : Kind === (Int32Array as unknown)
          ? view.getInt32(i * 4, true)
          : view.getFloat32(i * 4, true);
  }
  return out;
}

function readInt64AsInt32(view: DataView, name: string): Int32Array {
  const out = new Int32Array(view.byteLength / 8);
  for (let i = 0; i < out.length; i++) {
    const low = view.getUint32(i * 8, true);
    const high = view.getInt32(i * 8 + 4, true);
    // The int64 fits int32 exactly when its high word is the sign extension of the low word.
    if (high !== (low | 0) >> 31) {
      throw new SafetensorsError(
        `loadSafetensors: tensor ${quoteName(name)} holds an I64 value outside the int32 range at flat index ${i}`,
      );
    }
    out[i] = low | 0;
  }
  return out;
}
