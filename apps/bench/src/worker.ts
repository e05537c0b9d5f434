// The child process of one engine (or of the float64 reference) for one case. It answers the
// orchestrator's requests one at a time; only `run` is timed, and it times itself, so
// messaging costs stay out of the figures.
import { performance } from 'node:perf_hooks';
import { caseByName } from './cases/index';
import { type EngineContext, type EngineId, NotSupported, type Prepared } from './cases/types';
import { engineSpec } from './engines/registry';
import { EngineUnavailable, loadRuntime } from './engines/runtime';
import type { WorkerReply, WorkerRequest } from './internal/protocol';

const send = (reply: WorkerReply): void => {
  process.send?.(reply);
};

const rssKiB = (): number => process.resourceUsage().maxRSS;

let ctx: EngineContext | null = null;
let kind: string | null = null;
let caseName = '';
let quick = false;
let prepared: Prepared | null = null;

async function timedRun(p: Prepared): Promise<number> {
  await p.before?.();
  const t0 = performance.now();
  await p.run();
  const ms = performance.now() - t0;
  await p.after?.();
  return ms;
}

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  switch (req.type) {
    case 'init': {
      caseName = req.caseName;
      quick = req.quick;
      try {
        const loaded = await loadRuntime(req.engine);
        ctx = loaded.ctx;
        kind = req.engine === 'reference' ? 'reference' : engineSpec(req.engine as EngineId).kind;
        return { id: req.id, type: 'ready', info: loaded.info, rssKiB: rssKiB() };
      } catch (error) {
        if (error instanceof EngineUnavailable)
          return { id: req.id, type: 'unavailable', reason: error.message };
        throw error;
      }
    }
    case 'setup': {
      if (ctx === null || kind === null) throw new Error('worker: setup before init');
      const benchCase = caseByName(caseName);
      const variant = benchCase.variants(quick)[req.index];
      const setup = benchCase.setups[kind as keyof typeof benchCase.setups];
      if (setup === undefined) {
        return {
          id: req.id,
          type: 'unsupported',
          status: 'n/a',
          reason: `no ${kind} implementation of ${benchCase.name}`,
        };
      }
      try {
        prepared = await setup(variant.params, ctx);
        const warmMs = await timedRun(prepared);
        const outputs = await prepared.output();
        return { id: req.id, type: 'checked', warmMs, outputs, rssKiB: rssKiB() };
      } catch (error) {
        prepared?.dispose?.();
        prepared = null;
        if (error instanceof NotSupported)
          return { id: req.id, type: 'unsupported', status: error.status, reason: error.message };
        throw error;
      }
    }
    case 'run': {
      if (prepared === null) throw new Error('worker: run before setup');
      const ms = await timedRun(prepared);
      return { id: req.id, type: 'time', ms, rssKiB: rssKiB() };
    }
    case 'release': {
      prepared?.dispose?.();
      prepared = null;
      return { id: req.id, type: 'released', rssKiB: rssKiB() };
    }
    case 'exit':
      return { id: req.id, type: 'bye', rssKiB: rssKiB() };
  }
}

process.on('message', (req: WorkerRequest) => {
  handle(req).then(
    (reply) => {
      send(reply);
      if (req.type === 'exit') process.disconnect?.();
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      send({ id: req.id, type: 'error', message });
    },
  );
});
