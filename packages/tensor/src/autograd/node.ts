import type { Tensor } from '../tensor';

/** Gradients a backward function returns: one per tensor input, in order. */
export type InputGrads = ReadonlyArray<Tensor | null | undefined>;

/**
 * One recorded op application: the tensors it read and what its backward needs. A node is
 * released after backward (unless the graph is retained) so its saved buffers can be freed.
 */
export class GradNode {
  private savedValues: unknown;
  private isReleased = false;

  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    saved: unknown,
    private readonly backwardFn: (dOut: Tensor, saved: never) => InputGrads,
  ) {
    this.savedValues = saved;
  }

  get released(): boolean {
    return this.isReleased;
  }

  runBackward(dOut: Tensor): InputGrads {
    if (this.isReleased) {
      throw new Error(
        `backward: the graph through '${this.op}' was already freed by an earlier backward call; ` +
          'pass { retainGraph: true } to the first call to backpropagate through it twice',
      );
    }
    return this.backwardFn(dOut, this.savedValues as never);
  }

  release(): void {
    this.savedValues = undefined;
    this.isReleased = true;
  }
}
