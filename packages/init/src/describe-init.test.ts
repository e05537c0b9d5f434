import { createRng, type Tensor, tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { zeros } from './constant';
import { describeInit, formatInitTable } from './describe-init';
import { dirac } from './dirac';
import { glorotUniform } from './glorot';
import { heNormal } from './he';

const rng = createRng(0);
const conv = heNormal()([16, 3, 3, 3], { rng });
const bias = zeros()([16]);
const fc = glorotUniform()([10, 64], { rng });

describe('describeInit', () => {
  it('reports fans, gain, std and bound of the given initialiser, and the measured values', () => {
    const rows = describeInit(
      [
        ['conv.weight', conv],
        ['conv.bias', bias],
      ],
      { init: heNormal() },
    );
    expect(rows[0]).toMatchObject({
      name: 'conv.weight',
      shape: [16, 3, 3, 3],
      rule: 'heNormal',
      fanIn: 27,
      fanOut: 144,
      gain: Math.SQRT2,
      std: Math.sqrt(2 / 27),
      bound: null,
    });
    // 432 draws: the measured std is within ~5 standard errors (σ·√(1/(2n)) each) of √(2/27).
    expect(Math.abs(rows[0].measuredStd - Math.sqrt(2 / 27))).toBeLessThan(
      5 * Math.sqrt(2 / 27) * Math.sqrt(1 / 864),
    );
    // A bias has no fans: the row keeps the rule but no targets.
    expect(rows[1]).toMatchObject({
      rule: 'heNormal',
      fanIn: null,
      std: null,
      measuredStd: 0,
      measuredMean: 0,
    });
  });

  it('picks per-weight initialisers with initFor', () => {
    const rows = describeInit(
      new Map<string, Tensor>([
        ['conv.weight', conv],
        ['conv.bias', bias],
        ['fc.weight', fc],
      ]),
      {
        initFor: (name) =>
          name.endsWith('bias') ? zeros() : name.startsWith('fc') ? glorotUniform() : heNormal(),
      },
    );
    expect(rows.map((r) => r.rule)).toEqual(['heNormal', 'zeros', 'glorotUniform']);
    expect(rows[1]).toMatchObject({ std: 0, bound: 0 });
    expect(rows[2].bound).toBeCloseTo(Math.sqrt(6 / 74), 15);
  });

  it('without an initialiser compares with the reference gain/√fanIn for the nonlinearity', () => {
    const [row] = describeInit([['w', conv]], { nonlinearity: 'tanh' });
    expect(row).toMatchObject({ rule: 'reference', gain: 5 / 3, std: 5 / 3 / Math.sqrt(27) });
    const [relu] = describeInit([['w', conv]]);
    expect(relu.std).toBeCloseTo(Math.sqrt(2 / 27), 15);
  });

  it('names initialisers it cannot describe and measures them anyway', () => {
    const custom = function myInit() {
      return tensor([1]);
    };
    const [row] = describeInit([['w', tensor([[1, 3]])]], { init: custom });
    expect(row).toMatchObject({ rule: 'myInit', std: null, measuredMean: 2, measuredStd: 1 });
  });

  it('rejects bad entries, naming the weight when a rule does not fit it', () => {
    expect(() => describeInit([['w', [1, 2]]] as never)).toThrow(
      "describeInit: each entry must be a [name, tensor] pair, got ['w', [1, 2]]",
    );
    expect(() => describeInit([['w', tensor([[1, 2]])]], { init: dirac() })).toThrow(
      'describeInit: w: dirac: shape must be a conv weight [outC, inC/groups, ...kernel] of rank ≥ 3, got [1, 2]',
    );
    expect(() => describeInit(42 as never)).toThrow(
      'describeInit: entries must be an iterable of [name, tensor] pairs, got 42',
    );
  });
});

describe('formatInitTable', () => {
  it('aligns one line per weight, with — for undefined values', () => {
    const text = formatInitTable(
      describeInit(
        [
          ['conv.weight', conv],
          ['conv.bias', bias],
        ],
        { init: heNormal() },
      ),
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^name\s+shape\s+init\s+fanIn\s+fanOut\s+gain\s+std\s+bound\s+mean\s+std \(measured\)$/,
    );
    expect(lines[1]).toMatch(
      /^conv\.weight\s+\[16, 3, 3, 3\]\s+heNormal\s+27\s+144\s+1\.414\s+0\.2722\s+—\s/,
    );
    expect(lines[2]).toMatch(/^conv\.bias\s+\[16\]\s+heNormal\s+—\s+—\s+—\s+—\s+—\s+0\s+0$/);
    // Columns line up: "shape" starts at the same offset on every line.
    expect(lines[1].indexOf('[16')).toBe(lines[0].indexOf('shape'));
  });
});
