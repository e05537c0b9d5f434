/**
 * The typed face of a dedicated worker's global scope. The demo compiles against the DOM
 * library only (no `WebWorker` lib, which conflicts with it), so workers describe the two
 * members they use here.
 */
export interface WorkerScope<Request, Reply> {
  postMessage(message: Reply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
}

/** `self` inside a worker, typed by the messages it receives and sends. */
export function workerScope<Request, Reply>(): WorkerScope<Request, Reply> {
  return self as unknown as WorkerScope<Request, Reply>;
}

/**
 * The page's side of a worker: typed `post`, a message listener, and `terminate`. Any error
 * inside the worker reaches `onError` with its message, so the page can show it instead of
 * failing silently.
 */
export class WorkerClient<Request, Reply> {
  private readonly worker: Worker;

  constructor(
    worker: Worker,
    onMessage: (reply: Reply) => void,
    onError: (message: string) => void,
  ) {
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<Reply>) => onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onError(event.message || 'the worker failed to start');
    });
    worker.addEventListener('messageerror', () => onError('a worker message could not be read'));
  }

  post(request: Request, transfer: Transferable[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
