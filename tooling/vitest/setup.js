// fast-check defaults for every test file: modest runs, reproducible through FC_SEED.
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
fc.configureGlobal({
  numRuns: Number(process.env.FC_NUM_RUNS ?? 40),
  ...(seed === undefined ? {} : { seed }),
});
