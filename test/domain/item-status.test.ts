import { describe, expect, it } from 'vitest';
import { deriveItemStatus, githubStatus, type LinkState } from '../../server/domain/item-status.ts';

const issue = (state: string | null, stateReason: string | null = null, label = 'o/r#14'): LinkState => ({ kind: 'issue', state, stateReason, label });
const pull = (state: string | null, label = 'o/r#15'): LinkState => ({ kind: 'pull', state, stateReason: null, label });

describe('githubStatus', () => {
  it('reads each combination of issue and pull request states', () => {
    expect(githubStatus([])).toBeNull();
    expect(githubStatus([issue(null)])).toBeNull();
    expect(githubStatus([{ kind: 'other', state: 'open', stateReason: null, label: 'x' }])).toBeNull();
    expect(githubStatus([issue('open')])).toBe('open');
    expect(githubStatus([issue('open'), pull('open')])).toBe('in-progress');
    // Merged into a branch other than the default one, the fix does not close the issue: the item is done anyway.
    expect(githubStatus([issue('open'), pull('merged')])).toBe('done');
    expect(githubStatus([issue('open'), pull('merged'), pull('open', 'o/r#16')])).toBe('in-progress');
    expect(githubStatus([issue('closed', 'completed')])).toBe('done');
    expect(githubStatus([issue('closed', null)])).toBe('done');
    expect(githubStatus([pull('merged')])).toBe('done');
    expect(githubStatus([pull('closed')])).toBeNull();
    expect(githubStatus([issue('closed', 'not_planned')])).toBe('wont-do');
    expect(githubStatus([issue('closed', 'not_planned'), issue('closed', 'completed')])).toBe('done');
    expect(githubStatus([issue('closed', 'duplicate')])).toBeNull();
  });
});

describe('deriveItemStatus', () => {
  it('lets the markdown decide when no link was synced', () => {
    expect(deriveItemStatus(true, [issue(null)])).toEqual({ status: 'done', source: 'markdown', conflict: null });
    expect(deriveItemStatus(false, [])).toEqual({ status: 'open', source: 'markdown', conflict: null });
    expect(deriveItemStatus(null, [])).toEqual({ status: 'open', source: 'markdown', conflict: null });
  });

  it("takes GitHub's view over an unticked or absent checkbox", () => {
    expect(deriveItemStatus(null, [issue('open'), pull('open')])).toEqual({ status: 'in-progress', source: 'github', conflict: null });
    expect(deriveItemStatus(null, [issue('closed', 'not_planned')])).toEqual({ status: 'wont-do', source: 'github', conflict: null });
    expect(deriveItemStatus(false, [issue('closed', 'completed')])).toEqual({
      status: 'done',
      source: 'github',
      conflict: "o/r#14 closed as completed, but the report's checkbox is not ticked",
    });
    expect(deriveItemStatus(false, [pull('merged')]).conflict).toBe("o/r#15 merged, but the report's checkbox is not ticked");
  });

  it('keeps a ticked checkbox over a closed-as-not-planned or open issue, and says so', () => {
    expect(deriveItemStatus(true, [issue('closed', 'not_planned')])).toEqual({
      status: 'done',
      source: 'markdown',
      conflict: 'ticked in the report, but o/r#14 closed as not planned',
    });
    expect(deriveItemStatus(true, [issue('open')]).conflict).toBe('ticked in the report, but o/r#14 still open');
    expect(deriveItemStatus(true, [issue('closed', 'completed')])).toEqual({ status: 'done', source: 'markdown', conflict: null });
  });
});
