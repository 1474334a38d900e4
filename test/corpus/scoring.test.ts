import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionItem, Link, ParsedPostmortem, TimelineEntry } from '../../server/domain/postmortem.ts';
import { judge } from './bar.ts';
import { LabelError, loadLabels, parseLabel, type Label } from './labels.ts';
import { listCorpusFiles, resolveCorpusDir, seedPath } from './location.ts';
import { emptyParse, runCorpus, type Parse } from './run.ts';
import {
  matchMultiset,
  matchRefs,
  normaliseTitle,
  offsetOn,
  predictedRefs,
  prf,
  scoreFile,
  sumScores,
  timelineKey,
} from './scoring.ts';
import { firstSeedDifference } from './seed.ts';

function entry(date: string | null, time: string | null, text = 'something happened', line = 1): TimelineEntry {
  return { date, time, endTime: null, at: null, timezone: null, approximate: false, text, kind: 'other', line };
}

function link(repo: string | null, number: number, kind: Link['kind'] = 'issue'): Link {
  return { url: null, repo, number, kind };
}

function item(text: string, extra: Partial<ActionItem> = {}): ActionItem {
  return { text, group: null, done: null, owner: null, due: null, links: [], line: 1, ...extra };
}

function parse(overrides: Partial<ParsedPostmortem>): ParsedPostmortem {
  return { ...emptyParse('x.md'), ...overrides };
}

function label(overrides: Partial<Label>): Label {
  return {
    file: 'src/x.md',
    title: null,
    incident_date: null,
    declared_timezone: null,
    utc_offset: null,
    timeline: [],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    action_items: [],
    notes: '',
    ...overrides,
  };
}

const want = (date: string | null, time: string | null) => ({ date, time, approx: false, ambiguous: false, text_start: '' });
const wantItem = (group: string | null = null, done: boolean | null = null, refs: string[] = []) => ({
  text_start: '',
  group,
  done,
  github_refs: refs,
});

describe('prf', () => {
  it('computes precision, recall and F1 from counts', () => {
    expect(prf({ tp: 3, predicted: 4, expected: 6 })).toEqual({ precision: 0.75, recall: 0.5, f1: 0.6 });
  });

  it('treats an empty side as vacuously perfect, and both empty as F1 1', () => {
    expect(prf({ tp: 0, predicted: 0, expected: 5 })).toEqual({ precision: 1, recall: 0, f1: 0 });
    expect(prf({ tp: 0, predicted: 2, expected: 0 })).toEqual({ precision: 0, recall: 1, f1: 0 });
    expect(prf({ tp: 0, predicted: 0, expected: 0 })).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
});

describe('matchMultiset', () => {
  it('uses each expected item once and keeps the order of leftovers', () => {
    expect(matchMultiset(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'd'])).toEqual({
      matched: 2,
      missing: ['b', 'd'],
      extra: ['a', 'c'],
    });
  });
});

describe('timeline scoring', () => {
  it('matches (date, time) pairs as a multiset, null time only against null time', () => {
    const l = label({
      timeline: [want('2020-01-01', '10:00'), want('2020-01-01', '10:00'), want('2020-01-01', null), want('2020-01-02', '01:00')],
    });
    const p = parse({
      timeline: [entry('2020-01-01', '10:00'), entry('2020-01-01', '10:05'), entry('2020-01-01', null), entry('2020-01-01', '01:00')],
    });
    const score = scoreFile(l, p);
    expect(score.timeline).toEqual({
      tp: 2,
      predicted: 4,
      expected: 4,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      missing: ['2020-01-01 10:00', '2020-01-02 01:00'],
      extra: ['2020-01-01 10:05', '2020-01-01 01:00'],
    });
  });

  it('writes absent parts as null in keys', () => {
    expect(timelineKey({ date: null, time: null })).toBe('null null');
    expect(timelineKey({ date: '2019-02-05', time: '08:47' })).toBe('2019-02-05 08:47');
  });

  it('sums counts over files before dividing (micro average)', () => {
    const perfect = scoreFile(label({ timeline: [want('2020-01-01', '10:00')] }), parse({ timeline: [entry('2020-01-01', '10:00')] }));
    const empty = scoreFile(label({ timeline: [want('2020-01-01', '10:00'), want('2020-01-01', '11:00'), want('2020-01-01', '12:00')] }), parse({}));
    const totals = sumScores([perfect, empty]);
    expect(totals.timeline).toEqual({ tp: 1, predicted: 1, expected: 4, precision: 1, recall: 0.25, f1: 0.4 });
    expect(totals.labelled).toBe(2);
  });
});

describe('reference scoring', () => {
  it('collects issue and pull links of action items, `?` for an unknown repository', () => {
    const items = [
      item('a', { links: [link('o/r', 1), link(null, 2, 'pull'), link('o/r', 3, 'commit'), { url: 'https://x', repo: null, number: null, kind: 'other' }] }),
      item('b', { links: [link('o/r', 1, 'pull')] }),
    ];
    expect(predictedRefs(items)).toEqual(['o/r#1', '?#2', 'o/r#1']);
  });

  it('matches owner/repo#N exactly and bare ?#N against unknown or default repositories', () => {
    expect(matchRefs(['o/r#1', '?#7', 'x/y#9'], ['o/r#1', '?#7', '?#9'])).toEqual({ matched: 2, missing: ['?#9'], extra: ['x/y#9'] });
    expect(matchRefs(['o/r#1', '?#7', 'x/y#9'], ['o/r#1', '?#7', '?#9'], 'x/y')).toEqual({ matched: 3, missing: [], extra: [] });
    expect(matchRefs(['?#1'], ['o/r#1'])).toEqual({ matched: 0, missing: ['o/r#1'], extra: ['?#1'] });
  });

  it('reports recall and precision over all references', () => {
    const l = label({ action_items: [wantItem(null, null, ['o/r#1', 'o/r#2']), wantItem(null, null, ['?#3'])] });
    const p = parse({ actionItems: [item('a', { links: [link('o/r', 1), link('o/r', 5)] }), item('b', { links: [link(null, 3)] })] });
    const totals = sumScores([scoreFile(l, p)]);
    expect(totals.refs).toEqual({ tp: 2, predicted: 3, expected: 3, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
  });
});

describe('action items', () => {
  it('counts exact item counts per file and compares done and group by position only then', () => {
    const l = label({ action_items: [wantItem('Process', true), wantItem('Process', null), wantItem(null, false)] });
    const same = parse({
      actionItems: [item('a', { group: 'Process', done: true }), item('b', { group: 'Process:', done: false }), item('c', { group: 'Other', done: false })],
    });
    const s = scoreFile(l, same);
    expect(s.items).toEqual({ predicted: 3, expected: 3, exact: true });
    expect(s.done).toEqual({ hits: 2, total: 3, rate: 2 / 3 });
    expect(s.group).toEqual({ hits: 2, total: 3, rate: 2 / 3 });

    const short = scoreFile(l, parse({ actionItems: [item('a')] }));
    expect(short.items.exact).toBe(false);
    expect(short.done).toEqual({ hits: 0, total: 0, rate: null });
    expect(sumScores([s, short]).itemsExact).toEqual({ hits: 1, total: 2, rate: 0.5 });
  });
});

describe('title, date, timezone and milestones', () => {
  it('normalises titles for comparison', () => {
    expect(normaliseTitle('  Prow   Outage.  ')).toBe('prow outage');
    expect(normaliseTitle('What happened?!')).toBe('what happened');
    expect(normaliseTitle(null)).toBeNull();
  });

  it('computes zone offsets on a date, including fixed offsets', () => {
    expect(offsetOn('America/Los_Angeles', '2019-03-26')).toBe('-07:00');
    expect(offsetOn('America/Los_Angeles', '2019-02-05')).toBe('-08:00');
    expect(offsetOn('+01:00', '2023-02-01')).toBe('+01:00');
    expect(offsetOn('-04:00', '2023-02-01')).toBe('-04:00');
    expect(offsetOn('UTC', '2023-02-01')).toBe('+00:00');
    expect(offsetOn('Not/AZone', '2023-02-01')).toBeNull();
  });

  it('counts the timezone only where the label declares one or the parse claims one', () => {
    const declared = label({ incident_date: '2025-07-11', utc_offset: '+01:00' });
    expect(scoreFile(declared, parse({ timezone: 'Europe/London', timezoneSource: 'declared' })).timezone).toEqual({
      counted: true, ok: true, expected: '+01:00', got: '+01:00',
    });
    // the assumed default zone is not a detected declaration, even when its offset happens to match
    const utc = label({ incident_date: '2022-01-01', utc_offset: '+00:00' });
    expect(scoreFile(utc, parse({ timezone: 'UTC', timezoneSource: 'default' })).timezone.ok).toBe(false);
    const none = label({ incident_date: '2018-01-25' });
    expect(scoreFile(none, parse({ timezone: 'UTC', timezoneSource: 'default' })).timezone.counted).toBe(false);
    const claimed = scoreFile(none, parse({ timezone: 'America/Los_Angeles', timezoneSource: 'declared' })).timezone;
    expect(claimed).toEqual({ counted: true, ok: false, expected: null, got: '-08:00' });
    const totals = sumScores([scoreFile(declared, parse({})), scoreFile(none, parse({}))]);
    expect(totals.timezones).toEqual({ hits: 0, total: 1, rate: 0 });
  });

  it('compares titles and incident dates', () => {
    const l = label({ title: 'Prow Outage', incident_date: '2019-01-23' });
    const s = scoreFile(l, parse({ title: 'prow outage.', date: '2019-01-22' }));
    expect(s.title.ok).toBe(true);
    expect(s.date).toEqual({ expected: '2019-01-23', got: '2019-01-22', ok: false });
  });

  it('compares stated milestones and counts spurious ones', () => {
    const l = label({ milestones: { started: '2019-02-05 08:47', detected: null, declared: null, mitigated: '2019-02-05 09:34', resolved: null } });
    const stone = (date: string, time: string, source: 'stated' | 'inferred') => ({ date, time, at: null, line: 3, source });
    const p = parse({
      milestones: {
        started: stone('2019-02-05', '08:47', 'stated'),
        detected: stone('2019-02-05', '08:57', 'stated'),
        declared: null,
        mitigated: stone('2019-02-05', '09:34', 'inferred'),
        resolved: stone('2019-02-05', '10:45', 'inferred'),
      },
    });
    expect(scoreFile(l, p).milestones).toEqual({
      hits: 1, total: 2, rate: 0.5, spurious: 1, wrong: ['mitigated: want 2019-02-05 09:34, got none'],
    });
  });
});

describe('labels', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-corpus-'));
    dirs.push(dir);
    return dir;
  };

  it('parses a label, filling absent optional parts', () => {
    const l = parseLabel({
      file: 'src/a.md',
      title: 'T',
      incident_date: '2020-01-02',
      utc_offset: '-08:00',
      timeline: [{ date: '2020-01-02', time: '10:00', text_start: 'x' }],
      action_items: [{ text_start: 'y', group: 'G', github_refs: ['o/r#1', '?#2'] }],
    });
    expect(l).toEqual({
      file: 'src/a.md',
      title: 'T',
      incident_date: '2020-01-02',
      declared_timezone: null,
      utc_offset: '-08:00',
      timeline: [{ date: '2020-01-02', time: '10:00', approx: false, ambiguous: false, text_start: 'x' }],
      milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
      action_items: [{ text_start: 'y', group: 'G', done: null, github_refs: ['o/r#1', '?#2'] }],
      notes: '',
    });
  });

  it('rejects malformed labels with the field named', () => {
    expect(() => parseLabel({ file: 'a', timeline: [{ date: '2020-1-2' }] }, 'L')).toThrow('L.timeline[0].date');
    expect(() => parseLabel({ file: 'a', action_items: [{ github_refs: ['#12'] }] }, 'L')).toThrow(LabelError);
    expect(() => parseLabel({ title: 'no file' }, 'L')).toThrow('L: missing "file"');
  });

  it('loads labels keyed by corpus path and checks their file field', () => {
    const dir = tmp();
    mkdirSync(join(dir, '_labels', 'src'), { recursive: true });
    writeFileSync(join(dir, '_labels', 'src', 'a b.md.json'), JSON.stringify({ file: 'src/a b.md', title: 'A' }));
    writeFileSync(join(dir, '_labels', 'src', 'noext.json'), JSON.stringify({ file: 'src/noext' }));
    writeFileSync(join(dir, '_labels', 'README.md'), 'not a label');
    const labels = loadLabels(dir);
    expect([...labels.keys()].sort()).toEqual(['src/a b.md', 'src/noext']);
    expect(labels.get('src/a b.md')?.title).toBe('A');

    writeFileSync(join(dir, '_labels', 'src', 'c.md.json'), JSON.stringify({ file: 'src/other.md' }));
    expect(() => loadLabels(dir)).toThrow('_labels/src/c.md.json: "file" is "src/other.md", expected "src/c.md"');
    expect(loadLabels(tmp()).size).toBe(0);
  });

  it('lists corpus files, skipping labels, top-level docs and dot files', () => {
    const dir = tmp();
    for (const f of ['src/b.md', 'src/a.md', 'src/sub/c', '_nonincident/x/index.md', '_labels/src/a.md.json', 'src/.hidden']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '# x\n');
    }
    writeFileSync(join(dir, 'README.md'), '# readme\n');
    expect(listCorpusFiles(dir)).toEqual(['_nonincident/x/index.md', 'src/a.md', 'src/b.md', 'src/sub/c']);
  });

  it('resolves the corpus folder from the repository root or an override', () => {
    expect(resolveCorpusDir(undefined, '/r/main')).toBe('/r/shared/corpus');
    expect(resolveCorpusDir('  ', '/r/main')).toBe('/r/shared/corpus');
    expect(resolveCorpusDir('/elsewhere/c', '/r/main')).toBe('/elsewhere/c');
    expect(resolveCorpusDir('fixtures/c', '/r/main')).toBe('/r/main/fixtures/c');
    expect(seedPath('/r/shared/corpus')).toBe('/r/shared/seeds/000_7ea7acc923a49be0.txt');
  });

  it('runs a small corpus end to end: throws are caught, counted and scored as empty', () => {
    const root = tmp();
    const dir = join(root, 'corpus');
    mkdirSync(join(dir, '_labels', 'src'), { recursive: true });
    mkdirSync(join(dir, '_nonincident', 'src'), { recursive: true });
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'ok.md'), 'ok');
    writeFileSync(join(dir, 'src', 'boom.md'), 'boom');
    writeFileSync(join(dir, '_nonincident', 'src', 'index.md'), 'ok');
    const timeline = [want('2020-01-01', '10:00')];
    writeFileSync(join(dir, '_labels', 'src', 'ok.md.json'), JSON.stringify({ file: 'src/ok.md', timeline, action_items: [wantItem(null, null, ['o/r#1'])] }));
    writeFileSync(join(dir, '_labels', 'src', 'boom.md.json'), JSON.stringify({ file: 'src/boom.md', timeline }));
    const fake: Parse = (text, options) => {
      if (text === 'boom') throw new TypeError('bad input');
      return parse({ file: options.file ?? null, timeline: [entry('2020-01-01', '10:00')], actionItems: [item('a', { links: [link('o/r', 1)] })] });
    };
    const report = runCorpus(dir, fake);
    expect(report.overall.files).toBe(3);
    expect(report.overall.throws).toBe(1);
    expect(report.files.find((r) => r.file === 'src/boom.md')?.error).toMatch(/^TypeError: bad input/);
    expect(report.overall.timeline).toEqual({ tp: 1, predicted: 1, expected: 2, precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(report.overall.refs.recall).toBe(1);
    expect(report.overall.itemsExact).toEqual({ hits: 2, total: 2, rate: 1 });
    expect(report.nonIncident).toEqual({ files: 1, withContent: ['_nonincident/src/index.md'] });
    expect(report.seed.status).toBe('missing');
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['timeline F1', false],
      ['action-item count exact', true],
      ['reference recall', true],
      ['files that throw', false],
      ['seed equal', true],
    ]);
    expect(report.pass).toBe(false);
  });
});

describe('seed comparison', () => {
  const base = parse({
    title: 'T',
    timeline: [entry('2018-01-25', '14:30', 'one'), entry('2018-01-25', '15:30', 'two')],
    actionItems: [item('do it', { group: 'Process' })],
  });

  it('is null for equal parses, ignoring parts it does not compare', () => {
    expect(firstSeedDifference(base, { ...base, summary: 'other', timeline: base.timeline.map((e) => ({ ...e, line: 9 })) })).toBeNull();
  });

  it('names the first difference', () => {
    expect(firstSeedDifference({ ...base, title: 'U' }, base)).toBe('title: "U" vs "T"');
    const later = { ...base, timeline: [entry('2018-01-25', '14:30', 'one'), entry('2018-01-25', '15:31', 'two')] };
    expect(firstSeedDifference(later, base)).toBe('timeline[1].time: "15:31" vs "15:30"');
    expect(firstSeedDifference({ ...base, timeline: base.timeline.slice(0, 1) }, base)).toBe(
      'timeline: 1 vs 2 entries (seed lacks {"date":"2018-01-25","time":"15:30","text":"two"})',
    );
    expect(firstSeedDifference({ ...base, actionItems: [item('do it', { group: null })] }, base)).toBe('actionItems[0].group: null vs "Process"');
  });
});

describe('bar', () => {
  it('fails label-based checks without labels and skips a missing seed', () => {
    const checks = judge({ labelled: 0, timelineF1: 1, itemsExact: null, refsRecall: 1, refsExpected: 0, throws: 0, seed: 'missing' });
    expect(checks.map((c) => c.ok)).toEqual([false, false, false, true, true]);
    expect(checks[4]?.skipped).toBe('seed file not found');
  });

  it('passes at the thresholds', () => {
    const checks = judge({ labelled: 3, timelineF1: 0.95, itemsExact: 0.9, refsRecall: 0.98, refsExpected: 50, throws: 0, seed: 'equal' });
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(judge({ labelled: 3, timelineF1: 0.949, itemsExact: 0.9, refsRecall: 0.98, refsExpected: 50, throws: 0, seed: 'equal' })[0]?.ok).toBe(false);
  });
});

