/** A class file's parsed JSON, as a bundler's JSON import gives it. */
export interface ClassFileModule {
  default: { data: unknown };
}

/** One loader per digit 0–9: `mnist/src/digits/<d>.json`. */
export declare const mnistSources: ReadonlyArray<() => Promise<ClassFileModule>>;

/** One loader per Fashion-MNIST class 0–9: `fashion-mnist/src/clothes/<c>.json`. */
export declare const fashionMnistSources: ReadonlyArray<() => Promise<ClassFileModule>>;
