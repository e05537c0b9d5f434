import { spawnTrainWorker } from '../../workers/spawn';
import type {
  EvalReply,
  FirstLayer,
  LikenessReply,
  ProgressReply,
  TrainReply,
  TrainRequest,
  TrainSettings,
} from '../../workers/train-protocol';
import { WorkerClient } from '../../workers/worker-scope';

/** Everything the page knows about one network's run. */
export interface RunState {
  variant: FirstLayer;
  status: 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'stopped' | 'error';
  message: string;
  step: number;
  totalSteps: number;
  losses: Array<[number, number]>;
  accuracies: Array<[number, number]>;
  evals: EvalReply[];
  filters: number[] | null;
  kernelSize: number;
  stepsPerSecond: number;
  /** Gabor fits at the start of training and the latest ones. */
  likenessAtStart: LikenessReply | null;
  likeness: LikenessReply | null;
  parameters: number;
  firstLayerParameters: number;
  /** The worker's float32 kernels, once it is ready. */
  backend: 'wasm' | 'js' | null;
  trainSize: number;
  seconds: number;
}

function freshState(variant: FirstLayer): RunState {
  return {
    variant,
    status: 'idle',
    message: '',
    step: 0,
    totalSteps: 0,
    losses: [],
    accuracies: [],
    evals: [],
    filters: null,
    kernelSize: 7,
    stepsPerSecond: 0,
    likenessAtStart: null,
    likeness: null,
    parameters: 0,
    firstLayerParameters: 0,
    backend: null,
    trainSize: 0,
    seconds: 0,
  };
}

/**
 * The page's handle on the training workers: one per first-layer variant, each training its
 * own network, so the two train side by side on two cores. `onChange` fires after every
 * message; views read `states`.
 */
export class TrainingSession {
  readonly states = new Map<FirstLayer, RunState>();
  private readonly clients = new Map<FirstLayer, WorkerClient<TrainRequest, TrainReply>>();
  private readonly predictions = new Map<number, (p: number[] | null) => void>();
  private runId = 0;
  private requestId = 0;

  constructor(private readonly onChange: (variant: FirstLayer) => void) {}

  private client(variant: FirstLayer): WorkerClient<TrainRequest, TrainReply> {
    let client = this.clients.get(variant);
    if (!client) {
      client = new WorkerClient<TrainRequest, TrainReply>(
        spawnTrainWorker(),
        (reply) => this.receive(variant, reply),
        (message) => {
          const state = this.states.get(variant) ?? freshState(variant);
          state.status = 'error';
          state.message = `The worker failed: ${message}`;
          this.states.set(variant, state);
          this.onChange(variant);
        },
      );
      this.clients.set(variant, client);
    }
    return client;
  }

  start(variants: FirstLayer[], settings: Omit<TrainSettings, 'variant'>): void {
    this.runId++;
    for (const variant of ['free', 'gabor'] as const) {
      if (!variants.includes(variant)) {
        this.clients.get(variant)?.post({ type: 'stop' });
        this.states.delete(variant);
        continue;
      }
      const state = freshState(variant);
      state.status = 'loading';
      state.totalSteps = settings.steps;
      this.states.set(variant, state);
      this.client(variant).post({
        type: 'start',
        id: this.runId,
        settings: { ...settings, variant },
      });
      this.onChange(variant);
    }
  }

  private broadcast(type: 'pause' | 'resume' | 'stop'): void {
    for (const [variant, state] of this.states) {
      if (state.status !== 'running' && state.status !== 'paused' && state.status !== 'loading')
        continue;
      this.clients.get(variant)?.post({ type });
      if (type !== 'stop') state.status = type === 'pause' ? 'paused' : 'running';
      this.onChange(variant);
    }
  }

  pause(): void {
    this.broadcast('pause');
  }

  resume(): void {
    this.broadcast('resume');
  }

  stop(): void {
    this.broadcast('stop');
  }

  /** Class probabilities from one variant's network, or null before it exists. */
  predict(variant: FirstLayer, pixels: Float32Array): Promise<number[] | null> {
    const client = this.clients.get(variant);
    if (!client) return Promise.resolve(null);
    const id = ++this.requestId;
    return new Promise((resolve) => {
      this.predictions.set(id, resolve);
      client.post({ type: 'predict', id, pixels });
    });
  }

  measure(variant: FirstLayer): void {
    this.clients.get(variant)?.post({ type: 'measure', id: this.runId });
  }

  private receive(variant: FirstLayer, reply: TrainReply): void {
    if (reply.type === 'prediction') {
      this.predictions.get(reply.id)?.(reply.probabilities);
      this.predictions.delete(reply.id);
      return;
    }
    const state = this.states.get(variant);
    if (!state || reply.id !== this.runId) return;
    switch (reply.type) {
      case 'status':
        state.message = reply.text;
        break;
      case 'ready':
        if (state.status === 'loading') state.status = 'running';
        state.message = '';
        state.parameters = reply.parameters;
        state.firstLayerParameters = reply.firstLayerParameters;
        state.backend = reply.backend;
        state.trainSize = reply.trainSize;
        break;
      case 'progress':
        this.progress(state, reply);
        break;
      case 'eval':
        state.evals.push(reply);
        break;
      case 'likeness':
        if (reply.step === 0 && state.likenessAtStart === null) state.likenessAtStart = reply;
        state.likeness = reply;
        break;
      case 'done':
        state.status = reply.stopped ? 'stopped' : 'done';
        state.step = reply.steps;
        state.seconds = reply.seconds;
        break;
      case 'error':
        state.status = 'error';
        state.message = reply.message;
        break;
    }
    this.onChange(variant);
  }

  private progress(state: RunState, reply: ProgressReply): void {
    state.step = reply.step;
    state.losses.push(...reply.losses);
    state.accuracies.push(...reply.accuracies);
    state.filters = reply.filters;
    state.kernelSize = reply.kernelSize;
    if (reply.stepsPerSecond > 0) state.stepsPerSecond = reply.stepsPerSecond;
  }

  dispose(): void {
    for (const client of this.clients.values()) client.terminate();
    this.clients.clear();
  }
}
