// Messages between the orchestrator and a worker process (Node IPC with structured-clone
// serialisation, so typed arrays travel as they are).
import type { EngineId, Outputs } from '../cases/types';
import type { EngineInfo } from '../engines/runtime';

export type WorkerRequest =
  | { id: number; type: 'init'; engine: EngineId | 'reference'; caseName: string; quick: boolean }
  | { id: number; type: 'setup'; index: number; payload?: unknown }
  | { id: number; type: 'run' }
  | { id: number; type: 'release' }
  | { id: number; type: 'exit' };

/** A request without its id (the client numbers them). */
export type Request = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

export type WorkerReply =
  | { id: number; type: 'ready'; info: EngineInfo; rssKiB: number }
  | { id: number; type: 'unavailable'; reason: string }
  | { id: number; type: 'checked'; warmMs: number; outputs: Outputs; rssKiB: number }
  | { id: number; type: 'unsupported'; status: 'no-kernel' | 'n/a'; reason: string }
  | { id: number; type: 'time'; ms: number; rssKiB: number }
  | { id: number; type: 'released'; rssKiB: number }
  | { id: number; type: 'bye'; rssKiB: number }
  | { id: number; type: 'error'; message: string };

/** A reply without its id. */
export type Reply = WorkerReply extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;
