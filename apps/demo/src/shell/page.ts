/**
 * The contract between the shell and a page. Each page lives in
 * `src/pages/<slug>/index.ts` and exports `page: DemoPage`.
 */

/** What the shell hands a page when it mounts it. */
export interface PageContext {
  /** The page's settings, read from the URL hash (`#/<slug>?a=1&b=2`). */
  params: URLSearchParams;
  /**
   * Merges settings into the URL without reloading or re-mounting the page; `null` removes a
   * key. Uses `history.replaceState`, so dragging a slider doesn't flood the back button.
   */
  setParams(update: Record<string, string | null>): void;
}

/** One page of the demo: a question and the live answer to it. */
export interface DemoPage {
  /** URL segment: `#/<slug>`. */
  slug: string;
  /** Short name for the navigation. */
  title: string;
  /** The question the page answers, shown as its heading. */
  question: string;
  /**
   * Builds the page inside `root` (which the shell empties first) and returns a cleanup that
   * stops the page's workers, timers and animation frames. The shell calls it before
   * mounting another page.
   */
  mount(root: HTMLElement, ctx: PageContext): () => void;
}
