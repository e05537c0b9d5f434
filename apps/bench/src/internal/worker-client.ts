// The orchestrator's side of a worker process: numbered requests with a time limit. A
// request that runs past its limit kills that one process (by its own pid) and reports a
// timeout; the orchestrator starts a fresh one when it needs the engine again.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineId } from '../cases/types';
import type { Reply, Request, WorkerReply } from './protocol';

export type Outcome = Reply | { type: 'timeout' } | { type: 'crashed'; message: string };

export interface WorkerClient {
  readonly engine: EngineId | 'reference';
  request(req: Request, timeoutMs: number): Promise<Outcome>;
  /** Ends the process (politely if it is idle). */
  close(): Promise<void>;
  readonly alive: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The folder of the bench's package.json, from src/internal (source) or dist (bundle). */
function findAppDir(): string {
  let dir = here;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && readFileSync(pkg, 'utf8').includes('"@convkit/bench"')) return dir;
    dir = dirname(dir);
  }
  return join(here, '..', '..');
}

/** apps/bench (or the installed package root): workers run there so peers resolve. */
export const appDir = findAppDir();

/** Running from the TypeScript sources (tsx, vitest) rather than the tsup bundle in dist/. */
const fromSource = import.meta.url.endsWith('.ts');

class ProcessClient implements WorkerClient {
  private nextId = 1;
  private pending: { id: number; resolve: (o: Outcome) => void; timer: NodeJS.Timeout } | null =
    null;
  private tail: string[] = [];
  private exited = false;

  constructor(
    readonly engine: EngineId | 'reference',
    private readonly child: ChildProcess,
    private readonly send: (message: object) => void,
  ) {
    const keep = (chunk: Buffer) => {
      this.tail.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l.trim() !== '' && !l.startsWith('{')),
      );
      if (this.tail.length > 20) this.tail.splice(0, this.tail.length - 20);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.settle({
        type: 'crashed',
        message: `worker exited (${signal ?? `code ${code}`}): ${this.tail.slice(-5).join(' | ')}`,
      });
    });
    // E.g. python3 missing: the process never starts.
    child.on('error', (error) => {
      this.exited = true;
      this.settle({ type: 'crashed', message: `worker could not start: ${error.message}` });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  receive(reply: WorkerReply): void {
    if (this.pending !== null && reply.id === this.pending.id) {
      const { id: _id, ...rest } = reply;
      this.settle(rest as Reply);
    }
  }

  private settle(outcome: Outcome): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(outcome);
  }

  request(req: Request, timeoutMs: number): Promise<Outcome> {
    if (this.exited) return Promise.resolve({ type: 'crashed', message: 'worker is not running' });
    if (this.pending !== null) throw new Error('worker-client: one request at a time');
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle({ type: 'timeout' });
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.pending = { id, resolve, timer };
      this.send({ ...req, id });
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    if (this.pending === null) {
      const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      await this.request({ type: 'exit' }, 5000);
      this.child.kill('SIGKILL');
      await done;
    } else {
      this.child.kill('SIGKILL');
    }
  }
}

/** Starts the Node worker of `engine` for one case (under tsx when running from source). */
export function startNodeWorker(engine: EngineId | 'reference'): WorkerClient {
  // A bundle's worker.js sits beside the chunk holding this code.
  const script = fromSource ? join(appDir, 'src', 'worker.ts') : join(here, 'worker.js');
  const child = fork(script, [], {
    cwd: appDir,
    execArgv: fromSource ? ['--import', 'tsx', '--conditions=@convkit/source'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const client = new ProcessClient(engine, child, (m) => child.send(m));
  child.on('message', (reply: WorkerReply) => client.receive(reply));
  return client;
}

/**
 * Starts the NumPy/OpenBLAS worker (single-threaded BLAS). Inputs and outputs travel as raw
 * float32 files in a temporary folder; the JSON-lines protocol otherwise matches the Node one.
 */
export function startPythonWorker(engine: EngineId): WorkerClient {
  const dir = mkdtempSync(join(tmpdir(), 'convkit-bench-'));
  const child = spawn('python3', [join(appDir, 'src', 'engines', 'openblas-worker.py')], {
    cwd: appDir,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const send = (m: object) => {
    const msg = m as {
      type: string;
      payload?: { inputs: Record<string, { data: Float32Array; shape: number[] }> };
    };
    if (msg.type === 'setup' && msg.payload !== undefined) {
      const inputs: Record<string, { file: string; shape: number[] }> = {};
      for (const [name, { data, shape }] of Object.entries(msg.payload.inputs)) {
        const file = join(dir, `${name}.f32`);
        writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        inputs[name] = { file, shape };
      }
      child.stdin?.write(
        `${JSON.stringify({ ...msg, payload: { ...msg.payload, inputs }, outDir: dir })}\n`,
      );
    } else child.stdin?.write(`${JSON.stringify(m)}\n`);
  };
  child.stdin?.on('error', () => undefined); // a dead worker is reported through 'exit'
  const client = new ProcessClient(engine, child, send);
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
      if (!line.startsWith('{')) continue;
      const reply = JSON.parse(line) as WorkerReply & { outputFile?: string };
      if (reply.type === 'checked' && reply.outputFile !== undefined) {
        const bytes = readFileSync(reply.outputFile);
        reply.outputs = [
          new Float32Array(
            bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
          ),
        ];
        delete reply.outputFile;
      }
      client.receive(reply);
    }
  });
  child.on('close', () => rmSync(dir, { recursive: true, force: true }));
  return client;
}
