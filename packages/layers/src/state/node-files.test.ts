import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, zeros } from '@convkit/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conv2d } from '../modules/conv2d';
import { Linear } from '../modules/linear';
import { Sequential } from '../modules/sequential';
import { SafetensorsError, StateDictError } from './errors';
import { loadModel, saveModel } from './node-files';
import { decodeSafetensors } from './safetensors';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convkit-layers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const make = (seed: number) =>
  new Sequential(
    new Conv2d(1, 2, 3, { rng: createRng(seed) }),
    new Linear(2, 2, { rng: createRng(seed + 1) }),
  );
const values = (m: Sequential) => m.parameters().map((p) => Array.from(p.data));

describe('saveModel / loadModel', () => {
  it('round-trips through a file, atomically replacing the old one, with metadata', async () => {
    const path = join(dir, 'model.safetensors');
    await writeFile(path, 'old contents');
    const a = make(1);
    await saveModel(a, path, { metadata: { epoch: '3' } });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(decodeSafetensors(await readFile(path)).metadata).toEqual({ epoch: '3' });
    const b = make(2);
    expect(await loadModel(b, path)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(values(b)).toEqual(values(a));
  });

  it('saves plain state dicts too', async () => {
    const path = join(dir, 'state.safetensors');
    await saveModel({ w: zeros([2]) }, path);
    expect(decodeSafetensors(await readFile(path)).tensors.get('w')?.shape).toEqual([2]);
  });

  it('leaves the model untouched for a corrupt or mismatched file', async () => {
    const corrupt = join(dir, 'corrupt.safetensors');
    await writeFile(corrupt, new Uint8Array([1, 2, 3]));
    const m = make(3);
    const before = values(m);
    await expect(loadModel(m, corrupt)).rejects.toThrow(SafetensorsError);
    const other = join(dir, 'other.safetensors');
    await saveModel(new Linear(3, 3), other);
    await expect(loadModel(m, other)).rejects.toThrow(StateDictError);
    expect(values(m)).toEqual(before);
  });

  it('fails cleanly when the directory does not exist, leaving no temporary file', async () => {
    await expect(saveModel(make(4), join(dir, 'missing', 'x.safetensors'))).rejects.toThrow(
      /ENOENT/,
    );
    await expect(saveModel(make(4), '')).rejects.toThrow(
      'saveModel: path must be a non-empty string',
    );
  });
});
