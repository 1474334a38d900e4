/**
 * How a time chart's markers (the deployment strip, the outage timeline) answer the pointer and the keyboard: the
 * marker whose tooltip shows (the hovered one, else the focused one), one tab stop moved among the markers with the
 * keys of `markerKeyAction`, and activation by click, Enter or Space. The chart keeps the tab stop itself (`rove`)
 * and says what activating a marker does; each marker element names its key in `attribute` and binds `handlers`.
 *
 * ```svelte
 * const markers = new ChartMarkers({ attribute: 'data-key', parse: String, keys: () => ..., activate, rove });
 * const { onclick, onkeydown, onfocusin, onfocusout, onmouseover, onmouseout } = markers.handlers;
 * ```
 */
import { markerKeyAction } from './chart-keys.ts';

export interface ChartMarkerOptions<K> {
  /** The attribute of a marker element that holds its key (`data-key`). */
  attribute: string;
  /** The key in that attribute's text. */
  parse: (value: string) => K;
  /** The keys of the markers drawn, in keyboard (time) order. */
  keys: () => readonly K[];
  /** What a click, Enter or Space on marker `key` does. */
  activate: (key: K) => void;
  /** Marker `key` takes the tab stop: it got focus, or a key moves focus to it (called before it is focused). */
  rove: (key: K) => void;
}

/** The hover and focus of one chart's markers; its handlers are the one writer. */
export class ChartMarkers<K extends string | number> {
  #hovered = $state<K | null>(null);
  #focused = $state<K | null>(null);
  readonly #options: ChartMarkerOptions<K>;

  constructor(options: ChartMarkerOptions<K>) {
    this.#options = options;
  }

  /** The marker whose tooltip shows: the one under the pointer, else the one with focus; null when neither. */
  get shown(): K | null {
    return this.#hovered ?? this.#focused;
  }

  /** The event handlers of a marker element. */
  readonly handlers = {
    onclick: (event: MouseEvent): void => {
      const key = this.#keyOf(event);
      if (key !== null) this.#options.activate(key);
    },
    onkeydown: (event: KeyboardEvent): void => {
      const key = this.#keyOf(event);
      const keys = this.#options.keys();
      const order = key === null ? -1 : keys.indexOf(key);
      if (key === null || order < 0) return;
      const action = markerKeyAction(event.key, order, keys.length);
      if (action === null) return;
      if (action.kind === 'dismiss') {
        this.#hovered = null;
        this.#focused = null;
        return;
      }
      event.preventDefault();
      if (action.kind === 'activate') return this.#options.activate(key);
      const target = keys[action.index];
      if (target !== undefined && event.currentTarget instanceof Element) this.#focus(event.currentTarget, target);
    },
    onfocusin: (event: FocusEvent): void => {
      const key = this.#keyOf(event);
      if (key === null) return;
      this.#focused = key;
      this.#options.rove(key);
    },
    onfocusout: (event: FocusEvent): void => {
      if (this.#keyOf(event) === this.#focused) this.#focused = null;
    },
    onmouseover: (event: MouseEvent): void => {
      this.#hovered = this.#keyOf(event);
    },
    onmouseout: (event: MouseEvent): void => {
      const related = event.relatedTarget;
      if (related instanceof Node && event.currentTarget instanceof Node && event.currentTarget.contains(related)) return;
      if (this.#keyOf(event) === this.#hovered) this.#hovered = null;
    },
  };

  #keyOf(event: Event): K | null {
    const target = event.currentTarget;
    const value = target instanceof Element ? target.getAttribute(this.#options.attribute) : null;
    return value === null ? null : this.#options.parse(value);
  }

  /** Gives marker `key`, in the same chart as the marker `from`, the tab stop and the focus. */
  #focus(from: Element, key: K): void {
    this.#options.rove(key);
    const element = from.closest('svg')?.querySelector(`[${this.#options.attribute}="${key}"]`);
    if (element instanceof SVGElement) element.focus();
  }
}
