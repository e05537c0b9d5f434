import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as layers from './index';

describe('the public API', () => {
  it('exports every op, layer, loss and state helper by name', () => {
    const expected = [
      'Module',
      'conv2d',
      'conv1d',
      'convTranspose2d',
      'maxPool2d',
      'maxPool2dWithIndices',
      'avgPool2d',
      'adaptiveAvgPool2d',
      'adaptiveMaxPool2d',
      'globalAvgPool2d',
      'globalMaxPool2d',
      'relu',
      'leakyRelu',
      'elu',
      'selu',
      'gelu',
      'silu',
      'softplus',
      'sigmoid',
      'tanh',
      'hardtanh',
      'softmax',
      'logSoftmax',
      'SELU_ALPHA',
      'SELU_SCALE',
      'linear',
      'flatten',
      'dropout',
      'batchNorm2d',
      'layerNorm',
      'mseLoss',
      'l1Loss',
      'huberLoss',
      'crossEntropy',
      'nllLoss',
      'binaryCrossEntropy',
      'binaryCrossEntropyWithLogits',
      'Conv2d',
      'Conv1d',
      'ConvTranspose2d',
      'MaxPool2d',
      'AvgPool2d',
      'AdaptiveAvgPool2d',
      'AdaptiveMaxPool2d',
      'GlobalAvgPool2d',
      'GlobalMaxPool2d',
      'Linear',
      'Flatten',
      'Identity',
      'Dropout',
      'BatchNorm2d',
      'LayerNorm',
      'ReLU',
      'LeakyReLU',
      'ELU',
      'SELU',
      'GELU',
      'SiLU',
      'Softplus',
      'Sigmoid',
      'Tanh',
      'Hardtanh',
      'Softmax',
      'LogSoftmax',
      'Sequential',
      'SafetensorsError',
      'StateDictError',
      'saveSafetensors',
      'loadSafetensors',
      'decodeSafetensors',
      'saveModel',
      'loadModel',
    ];
    expect(Object.keys(layers).sort()).toEqual([...expected].sort());
  });

  it('imports no Node built-in statically, so browser bundles work', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(fileURLToPath(new URL('.', import.meta.url)));
    const offenders = files.filter((f) =>
      /^\s*import\s[^;]*from\s+['"](node:|fs|path|os)/m.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
