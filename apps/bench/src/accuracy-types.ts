// The JSON of `pnpm bench:accuracy` (results/accuracy.json) and its table.
import { num } from './report/format';

export interface AccuracyRun {
  model: 'free' | 'gabor';
  description: string;
  parameters: number;
  epochs: number;
  testAccuracy: number;
  testLoss: number;
  trainSeconds: number;
  history: {
    epoch: number;
    loss: number;
    accuracy: number;
    valAccuracy?: number;
    seconds?: number;
  }[];
}

export interface AccuracyResult {
  schema: 'convkit-bench-accuracy/1';
  date: string;
  data: { set: string; train: number; test: number; normalize: string };
  settings: { epochs: number; batchSize: number; lr: number; seed: number };
  runs: AccuracyRun[];
}

export function accuracyTable(result: AccuracyResult): { header: string[]; rows: string[][] } {
  return {
    header: ['model', 'parameters', 'epochs', 'test accuracy', 'test loss', 'train time (s)'],
    rows: result.runs.map((r) => [
      r.description,
      r.parameters.toLocaleString('en-US'),
      String(r.epochs),
      `${(100 * r.testAccuracy).toFixed(2)}%`,
      num(r.testLoss),
      num(r.trainSeconds),
    ]),
  };
}
