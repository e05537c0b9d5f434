import { saveSafetensors } from '@convkit/layers';
import { tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trip weights, typed arrays, non-finite numbers and nested state exactly', () => {
    const checkpoint: Checkpoint = {
      epoch: 2,
      model: new Map([
        ['0.weight', tensor([[0.1, -0.2]])],
        ['0.bias', tensor([0.3])],
      ]),
      optimizer: {
        state: {
          '0.weight': { step: 5, expAvg: Float64Array.of(1e-300, -0, 0.1), maxExpAvgSq: null },
        },
        paramGroups: [{ lr: 0.001, betas: [0.9, 0.999], params: ['0.weight', '0.bias'] }],
      },
      scheduler: {
        best: Number.POSITIVE_INFINITY,
        lastLr: [Number.NaN],
        counts: Int32Array.of(1, 2),
      },
      history: [{ epoch: 1, loss: 0.5, accuracy: 0.75, seconds: 1.5 }],
      earlyStopping: {
        best: 0.5,
        bestEpoch: 1,
        badEpochs: 1,
        bestModel: new Map([['0.bias', tensor([0.25])]]),
      },
    };
    const back = loadCheckpoint(saveCheckpoint(checkpoint));
    expect(back.epoch).toBe(2);
    expect([...back.model.keys()]).toEqual(['0.weight', '0.bias']);
    expect(back.model.get('0.weight')?.data).toEqual(checkpoint.model.get('0.weight')?.data);
    expect(back.model.get('0.weight')?.shape).toEqual([1, 2]);
    expect(back.optimizer).toEqual(checkpoint.optimizer);
    const expAvg = (back.optimizer as { state: Record<string, { expAvg: Float64Array }> }).state[
      '0.weight'
    ].expAvg;
    expect(expAvg).toBeInstanceOf(Float64Array);
    expect(Object.is(expAvg[1], -0)).toBe(true);
    expect(back.scheduler).toEqual(checkpoint.scheduler);
    expect(back.history).toEqual(checkpoint.history);
    expect(back.earlyStopping?.bestModel?.get('0.bias')?.data).toEqual(Float32Array.of(0.25));
    expect(back.earlyStopping?.badEpochs).toBe(1);
  });

  it('rejects what it cannot store or read', () => {
    const base = { epoch: 1, model: new Map(), scheduler: null, history: [], earlyStopping: null };
    expect(() => saveCheckpoint({ ...base, optimizer: { m: new Map() } })).toThrow(
      'saveCheckpoint: optimizer.m must be JSON data, numbers, typed arrays or tensors, got an object',
    );
    expect(() => saveCheckpoint({} as never)).toThrow(
      'saveCheckpoint: checkpoint must be a Checkpoint from fit, got an object',
    );
    expect(() => loadCheckpoint(saveSafetensors(new Map([['w', tensor([1])]])))).toThrow(
      "loadCheckpoint: not a convkit checkpoint (no 'convkit.checkpoint' metadata)",
    );
  });
});
