/** The little of a worker the pool needs, the same for Node and browsers. */
export interface WorkerHandle {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** Lets the process exit while this worker still runs (Node; nothing to do in browsers). */
  unref(): void;
  terminate(): void;
}

interface NodeWorker {
  postMessage(message: unknown): void;
  on(event: 'message' | 'error', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

type NodeWorkerConstructor = new (
  source: string,
  options: { eval: true; execArgv: string[] },
) => NodeWorker;

/**
 * Starts a worker running `source`: a `worker_threads` Worker in Node (which keeps the
 * process alive until `unref()`: listening for messages refs it again, so call that once
 * the last listener is attached), a Web Worker from a Blob URL in a cross-origin-isolated browser
 * (the only place shared memory exists), or null anywhere else.
 */
export function spawnWorker(source: string): WorkerHandle | null {
  const nodeProcess = (globalThis as { process?: NodeJS.Process }).process;
  if (nodeProcess?.versions?.node && typeof nodeProcess.getBuiltinModule === 'function') {
    // getBuiltinModule keeps 'node:worker_threads' out of browser bundles' import graph.
    const threads = nodeProcess.getBuiltinModule('node:worker_threads') as unknown as {
      Worker: NodeWorkerConstructor;
    };
    // No inherited flags: the worker runs plain JavaScript, and loaders such as tsx's hooks
    // (--import) kept workers from starting.
    const worker = new threads.Worker(source, { eval: true, execArgv: [] });
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onError: (listener) => worker.on('error', listener),
      unref: () => worker.unref(),
      terminate: () => void worker.terminate(),
    };
  }
  if (typeof Worker === 'function' && globalThis.crossOriginIsolated === true) {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
      onError: (listener) => worker.addEventListener('error', listener),
      unref: () => {},
      terminate: () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      },
    };
  }
  return null;
}
