import type { FirstLayer, TrainSettings } from '../../workers/train-protocol';
import { choiceParam, numberParam } from '../gabor/params';

export type VariantChoice = 'both' | FirstLayer;

export interface PageSettings extends Omit<TrainSettings, 'variant' | 'evalEvery'> {
  variant: VariantChoice;
}

const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** The page's settings from the URL, each clamped to a sensible range. */
export function readSettings(params: URLSearchParams): PageSettings {
  return {
    variant: choiceParam<VariantChoice>(params, 'variant', ['both', 'free', 'gabor'], 'both'),
    steps: clampInt(numberParam(params, 'steps', 400), 1, 20_000),
    batchSize: clampInt(numberParam(params, 'batch', 32), 1, 256),
    lr: Math.min(1, Math.max(1e-6, numberParam(params, 'lr', 0.002))),
    seed: clampInt(numberParam(params, 'seed', 0), 0, 2 ** 31 - 1),
    filters: clampInt(numberParam(params, 'filters', 8), 1, 32),
    firstInit: choiceParam(params, 'init', ['he', 'small'], 'he'),
    testSize: clampInt(numberParam(params, 'test', 1000), 10, 5000),
  };
}

/** Score the held-out digits about ten times per run, and never more often than every 25 steps. */
export function evalEvery(steps: number): number {
  return Math.max(25, Math.round(steps / 10));
}

export function variantsOf(choice: VariantChoice): FirstLayer[] {
  return choice === 'both' ? ['free', 'gabor'] : [choice];
}
