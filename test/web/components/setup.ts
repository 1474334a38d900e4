/**
 * Before every component test file (vitest.config.ts, project `components`): jsdom has no ResizeObserver, which
 * `bind:clientWidth` uses; a silent one leaves measured widths at 0, so components use their fallback widths.
 * Rendered components are removed after each test.
 */
import { cleanup } from '@testing-library/svelte';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

class SilentResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeAll(() => {
  if (!('ResizeObserver' in globalThis)) vi.stubGlobal('ResizeObserver', SilentResizeObserver);
});
afterAll(() => {
  vi.unstubAllGlobals();
});
afterEach(cleanup);
