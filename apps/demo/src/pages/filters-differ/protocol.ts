import type { FilterSnapshot, TrainSettings } from './model';

/** Page → worker. `start` (re)builds both networks and trains until `pause` or `stop`. */
export type FiltersCommand =
  | { type: 'start'; settings: TrainSettings; maxSteps: number; reportEvery: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** Worker → page. */
export type FiltersEvent =
  | { type: 'status'; message: string }
  | {
      type: 'snapshot';
      step: number;
      maxSteps: number;
      constantLoss: number;
      randomLoss: number;
      constant: FilterSnapshot;
      random: FilterSnapshot;
    }
  | { type: 'finished'; step: number; reason: 'done' | 'stopped' }
  | { type: 'error'; message: string };
