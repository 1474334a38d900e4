/** `hindsight list` in-process with the real parser. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDuration, registerList, type IncidentSummary } from '../../server/cli/list.ts';
import { run } from './capture.ts';

const OLD = `# 2021-04-01 - Search index corruption

All times in UTC.

## Timeline

- 10:00 reindex job deployed
- 10:20 users report empty search results
- 11:35 index restored from snapshot, incident resolved

## Action items

- [x] Verify snapshots nightly
- [ ] Alert on an empty index
`;
const NEW = `---
title: Login page timeouts
date: 2024-02-02
---

## Timeline

### 09:00
Latency alert fires.
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
  await mkdir(join(dir, 'postmortems', '2021'), { recursive: true });
  await writeFile(join(dir, 'postmortems', '2021', 'search.md'), OLD);
  await writeFile(join(dir, 'postmortems', 'login.md'), NEW);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hindsight list', () => {
  it('prints one line per postmortem, newest first, from the default folder', async () => {
    const result = await run([registerList], ['list'], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^2024-02-02 .* 1 events .*0\/0 done .*Login page timeouts {4}postmortems\/login\.md$/);
    expect(lines[1]).toMatch(/^2021-04-01 {3}1h35m .* 3 events .*1\/2 done .*ok .*Search index corruption/);
    expect(lines[2]).toBe('2 postmortems');
  });

  it('prints JSON summaries with --json', async () => {
    const result = await run([registerList], ['list', '--json', 'postmortems/2021'], dir);
    const rows = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as IncidentSummary);
    expect(rows).toEqual([
      {
        file: 'postmortems/2021/search.md',
        date: '2021-04-01',
        title: 'Search index corruption',
        durationMinutes: 95,
        timelineEntries: 3,
        actionItems: 2,
        actionItemsDone: 1,
        errors: 0,
        warnings: 0,
      },
    ]);
  });

  it('reports a missing folder and exits 2', async () => {
    const result = await run([registerList], ['list', 'nowhere'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nowhere');
  });

  it('formats durations', () => {
    expect([formatDuration(null), formatDuration(5), formatDuration(95), formatDuration(600)]).toEqual(['-', '5m', '1h35m', '10h00m']);
  });
});
