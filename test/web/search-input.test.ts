/** The search box's debounce: one commit per pause, the first of a burst adding a history entry, the rest replacing it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounceSearch } from '../../web/src/lib/search-input.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const commits: Array<[string, boolean]> = [];
  const search = debounceSearch((text, replace) => commits.push([text, replace]));
  return { search, commits };
}

describe('debounceSearch', () => {
  it('commits the last text once typing pauses for 250 ms', () => {
    const { search, commits } = setup();
    search.input('d');
    vi.advanceTimersByTime(200);
    search.input('dn');
    vi.advanceTimersByTime(200);
    search.input('dns');
    expect(search.pending).toBe(true);
    vi.advanceTimersByTime(249);
    expect(commits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(commits).toEqual([['dns', false]]);
    expect(search.pending).toBe(false);
  });

  it('replaces within a burst (1.5 s after a commit), adds a history entry after it', () => {
    const { search, commits } = setup();
    search.input('dns');
    vi.advanceTimersByTime(250);
    search.input('dns out');
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(1000);
    search.input('dns outage');
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(1500);
    search.input('deploy');
    vi.advanceTimersByTime(250);
    expect(commits).toEqual([
      ['dns', false],
      ['dns out', true],
      ['dns outage', true],
      ['deploy', false],
    ]);
  });

  it('adds a history entry again after another change ended the burst', () => {
    const { search, commits } = setup();
    search.input('dns');
    vi.advanceTimersByTime(250);
    search.endBurst();
    search.input('dns outage');
    vi.advanceTimersByTime(250);
    search.input('dns outages');
    vi.advanceTimersByTime(250);
    expect(commits).toEqual([
      ['dns', false],
      ['dns outage', false],
      ['dns outages', true],
    ]);
  });

  it('drops a waiting commit when cancelled', () => {
    const { search, commits } = setup();
    search.input('dns');
    search.cancel();
    expect(search.pending).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(commits).toEqual([]);
  });

  it('takes other timings', () => {
    const commits: Array<[string, boolean]> = [];
    const search = debounceSearch((text, replace) => commits.push([text, replace]), { delay: 10, burst: 20 });
    search.input('a');
    vi.advanceTimersByTime(10);
    search.input('b');
    vi.advanceTimersByTime(10);
    vi.advanceTimersByTime(25);
    search.input('c');
    vi.advanceTimersByTime(10);
    expect(commits).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
  });
});
