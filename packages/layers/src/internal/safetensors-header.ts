// Validation of a safetensors header, treating the file as hostile: every number is checked
// against the actual byte count before anything is allocated, so a lying header costs at most
// one parse of its own (capped) bytes.
import { SafetensorsError } from '../state/errors';

/** The element types convkit reads: I64 only for PyTorch's `num_batches_tracked`, as int32. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = { F32: 4, F64: 8, I32: 4, I64: 8 };

/** The reference implementation's limit on the header; real headers are kilobytes. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

export interface ParsedHeader {
  entries: HeaderEntry[];
  metadata: Record<string, string>;
  /** Offset of the data buffer in the file. */
  dataStart: number;
}

const OP = 'loadSafetensors';

function fail(message: string): never {
  throw new SafetensorsError(`${OP}: ${message}`);
}

/** Parses and checks the header of `bytes`; entries come back sorted by offset. */
export function parseHeader(bytes: Uint8Array): ParsedHeader {
  if (bytes.length < 8)
    fail(`file too short: ${bytes.length} bytes, need at least 8 for the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerBytes = high * 2 ** 32 + low;
  if (high !== 0 || headerBytes > MAX_HEADER_BYTES) {
    fail(`header length ${headerBytes} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  if (8 + headerBytes > bytes.length) {
    fail(
      `header length ${headerBytes} runs past the end of the file (${bytes.length} bytes): truncated or corrupt`,
    );
  }
  if (headerBytes < 2 || bytes[8] !== 0x7b) fail(`header must be a JSON object starting with '{'`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes));
  } catch {
    fail('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    fail('header must be a JSON object');
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) fail(`header repeats the key ${quoteName(duplicate)}`);

  const dataStart = 8 + headerBytes;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') metadata = checkMetadata(info);
    else entries.push(checkEntry(name, info, dataLength));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  // The data must be covered exactly, in order: no gaps, no overlaps, nothing left over.
  let cursor = 0;
  for (const e of entries) {
    if (e.begin < cursor)
      fail(
        `tensor ${quoteName(e.name)} overlaps the previous tensor (data_offsets [${e.begin}, ${e.end}])`,
      );
    if (e.begin > cursor)
      fail(
        `tensor ${quoteName(e.name)} leaves a gap before it (data_offsets [${e.begin}, ${e.end}], expected to start at ${cursor})`,
      );
    cursor = e.end;
  }
  if (cursor !== dataLength) {
    fail(
      `the tensors cover ${cursor} bytes of data but the file holds ${dataLength}: truncated or corrupt`,
    );
  }
  return { entries, metadata, dataStart };
}

function checkMetadata(info: unknown): Record<string, string> {
  if (info === null || typeof info !== 'object' || Array.isArray(info))
    fail(`__metadata__ must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
    if (typeof value !== 'string')
      fail(`__metadata__ values must be strings, got ${typeof value} for ${quoteName(key)}`);
    out[key] = value;
  }
  return out;
}

const FIELDS = ['dtype', 'shape', 'data_offsets'];

function checkEntry(name: string, info: unknown, dataLength: number): HeaderEntry {
  const tensor = `tensor ${quoteName(name)}`;
  if (info === null || typeof info !== 'object' || Array.isArray(info))
    fail(`${tensor} must be described by an object`);
  const record = info as Record<string, unknown>;
  const extra = Object.keys(record).find((k) => !FIELDS.includes(k));
  if (extra !== undefined) fail(`${tensor} has an unknown field ${quoteName(extra)}`);
  const { dtype, shape, data_offsets: offsets } = record;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) {
    fail(`${tensor} has unsupported dtype ${preview(dtype)} (convkit reads F32, F64, I32 and I64)`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    fail(
      `${tensor} has an invalid shape ${preview(shape)}: need an array of non-negative integers`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`${tensor} has invalid data_offsets ${preview(offsets)}: need [begin, end]`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end || end > dataLength) {
    fail(`${tensor} has data_offsets [${begin}, ${end}] outside the ${dataLength} bytes of data`);
  }
  // Multiply with the byte count as a ceiling, so absurd dims stop before losing precision;
  // a zero anywhere makes the tensor empty whatever the other dims say.
  const dims = shape as number[];
  let bytesNeeded = dims.includes(0) ? 0 : DTYPE_BYTES[dtype];
  for (const d of dims) {
    if (bytesNeeded === 0 || bytesNeeded > dataLength) break;
    bytesNeeded *= d;
  }
  if (bytesNeeded !== end - begin) {
    fail(
      `${tensor} of dtype ${dtype} and shape ${shapeText(dims)} needs ` +
        `${bytesNeeded > dataLength ? `more than ${dataLength}` : bytesNeeded} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape: [...dims], begin, end };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Longest header-supplied text an error message repeats. */
const PREVIEW_CHARS = 80;

function clip(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** A tensor name or key for an error message, quoted and clipped (names may be megabytes). */
export function quoteName(name: string): string {
  return `'${clip(name)}'`;
}

function shapeText(shape: readonly number[]): string {
  const shown = shape.slice(0, 8).join(', ');
  return shape.length > 8 ? `[${shown}, … (${shape.length} dims)]` : `[${shown}]`;
}

/**
 * A header value for an error message: JSON-like, at most two levels deep and clipped to
 * PREVIEW_CHARS, so a hostile value (arrays nested 100 000 deep, a shape of a million
 * numbers) gives a short message instead of overflowing the stack as `JSON.stringify` would.
 */
export function preview(value: unknown): string {
  return clip(render(value, 2));
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(clip(value));
  if (value === null || typeof value !== 'object') return String(value);
  const items: string[] = [];
  const limit = 8;
  if (Array.isArray(value)) {
    if (depth === 0 && value.length > 0) return '[…]';
    for (const v of value.slice(0, limit)) items.push(render(v, depth - 1));
    if (value.length > limit) items.push('…');
    return `[${items.join(',')}]`;
  }
  const keys = Object.keys(value);
  if (depth === 0 && keys.length > 0) return '{…}';
  for (const k of keys.slice(0, limit))
    items.push(
      `${JSON.stringify(clip(k))}:${render((value as Record<string, unknown>)[k], depth - 1)}`,
    );
  if (keys.length > limit) items.push('…');
  return `{${items.join(',')}}`;
}

/**
 * The first key repeated within one JSON object of `text` (already known to be valid JSON),
 * or null. `JSON.parse` silently keeps the last duplicate, which the format forbids and which
 * could hide a second description of a tensor.
 */
export function findDuplicateKey(text: string): string | null {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const keys = stack[stack.length - 1];
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === 0x5b) {
      stack.push(null);
    } else if (ch === 0x7d || ch === 0x5d) {
      stack.pop();
    } else if (ch === 0x2c) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return null;
}
