/**
 * A search box's typing turned into URL changes: the text goes on after a pause, not at every keystroke; the first
 * change of a burst of typing adds a history entry and the rest of the burst replaces it, so back goes to before
 * the search, not through each keystroke.
 */

/** What `debounceSearch` returns. */
export interface SearchDebounce {
  /** Text was typed: `commit` gets it after the pause, unless more is typed first. */
  input(text: string): void;
  /** A commit is waiting: the box shows what was typed, not yet what the URL says. */
  readonly pending: boolean;
  /** Another change added a history entry (a menu was used): the next commit adds one of its own. */
  endBurst(): void;
  /** Drops a waiting commit (the view is going away). */
  cancel(): void;
}

/** Timings of `debounceSearch`, in milliseconds. */
export interface SearchDebounceOptions {
  /** Quiet time before the text goes on. Default: 250. */
  delay?: number;
  /** How long after a commit the next one still belongs to the same burst (and replaces). Default: 1500. */
  burst?: number;
}

/**
 * Calls `commit(text, replace)` with the last text typed once typing pauses; `replace` is false for the first
 * commit of a burst, true for the others.
 */
export function debounceSearch(commit: (text: string, replace: boolean) => void, options: SearchDebounceOptions = {}): SearchDebounce {
  const delay = options.delay ?? 250;
  const burstMs = options.burst ?? 1500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burstTimer: ReturnType<typeof setTimeout> | undefined;
  let inBurst = false;
  const endBurst = () => {
    clearTimeout(burstTimer);
    inBurst = false;
  };
  return {
    input(text) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        commit(text, inBurst);
        endBurst();
        inBurst = true;
        burstTimer = setTimeout(() => (inBurst = false), burstMs);
      }, delay);
    },
    get pending() {
      return timer !== undefined;
    },
    endBurst,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      endBurst();
    },
  };
}
