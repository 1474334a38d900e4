/// <reference lib="dom" />
/** TextTimeline rendered in jsdom: one row per entry, times in the chosen zone, entries without an instant, selection. */
import { cleanup, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TextTimeline from '../../../web/src/components/TextTimeline.svelte';
import type { TimelineEntry } from '../../../web/src/lib/api-types.ts';


const LA = 'America/Los_Angeles';
const entry = (fields: Partial<TimelineEntry>): TimelineEntry => ({
  date: '2018-01-25',
  time: null,
  endTime: null,
  at: null,
  timezone: LA,
  approximate: false,
  text: 'something happened',
  kind: 'other',
  line: 1,
  ...fields,
});

const sameDay: TimelineEntry[] = [
  entry({ at: '2018-01-25T22:30:00Z', time: '14:30', text: 'The chart upgrade is merged into staging.', kind: 'deploy', line: 33 }),
  entry({ at: '2018-01-25T23:30:00Z', time: '15:30', endTime: '15:45', text: 'Production is upgraded by accident.', kind: 'deploy', line: 43 }),
  entry({ date: '2018-01-25', time: '16:00', text: 'Someone notices the image is broken.', line: 52, approximate: true }),
  entry({ date: null, time: null, text: 'Later that week, a fix.', line: 60 }),
];

function setup(entries: TimelineEntry[], zone: string, selected: number | null = null) {
  const result = render(TextTimeline, { props: { entries, zone, selected, sourcePath: 'postmortems/2018-01-25-datahub.md' } });
  const rows = () => [...result.container.querySelectorAll<HTMLLIElement>('ol.timeline > li')];
  const times = () => rows().map((li) => li.querySelector('time')!.textContent!.trim());
  return { ...result, rows, times };
}

describe('TextTimeline', () => {
  it('has one row per entry, each with id entry-<index>, its text and line', () => {
    const { rows } = setup(sameDay, LA);
    expect(rows().map((li) => li.id)).toEqual(['entry-0', 'entry-1', 'entry-2', 'entry-3']);
    expect(rows().map((li) => li.querySelector('.text')!.textContent)).toEqual(sameDay.map((e) => e.text));
    expect(rows()[0]!.querySelector('.line')!.textContent).toBe('line 33');
    expect(rows()[0]!.querySelector('.line')!.getAttribute('title')).toBe('postmortems/2018-01-25-datahub.md, line 33');
    expect(rows().map((li) => li.getAttribute('tabindex'))).toEqual(['-1', '-1', '-1', '-1']);
  });

  it('shows instants on the wall clock of the zone', () => {
    expect(setup(sameDay, LA).times()).toEqual(['14:30', '15:30–15:45', '~2018-01-25 16:00', '—']);
    cleanup();
    expect(setup(sameDay, 'UTC').times()).toEqual(['22:30', '23:30–23:45', '~2018-01-25 16:00', '—']);
  });

  it('shows the end of a range on the same clock as its start', () => {
    const ranges = [
      entry({ at: '2018-01-26T07:50:00Z', time: '23:50', endTime: '00:20', text: 'past midnight', line: 5 }),
      entry({ at: '2018-01-25T16:20:45Z', time: '08:20', endTime: '08:24', text: 'with seconds', line: 6 }),
      entry({ date: '2018-01-25', time: '09:00', endTime: '09:30', text: 'no instant', line: 7 }),
    ];
    expect(setup(ranges, LA).times()).toEqual(['23:50–00:20', '08:20–08:24', '2018-01-25 09:00–09:30']);
    cleanup();
    expect(setup(ranges, 'Asia/Kolkata').times()).toEqual(['2018-01-26 13:20–13:50', '2018-01-25 21:50–21:54', '2018-01-25 09:00–09:30']);
  });

  it('keeps the instant in the datetime attribute, and none for an entry without one', () => {
    const { rows } = setup(sameDay, LA);
    expect(rows().map((li) => li.querySelector('time')!.getAttribute('datetime'))).toEqual(['2018-01-25T22:30:00Z', '2018-01-25T23:30:00Z', null, null]);
    expect(rows()[2]!.querySelector('time')!.classList.contains('approximate')).toBe(true);
    expect(rows()[0]!.querySelector('time')!.classList.contains('approximate')).toBe(false);
  });

  it('shows the date too when the instants fall on more than one day in the zone', () => {
    const entries = [...sameDay.slice(0, 2), entry({ at: '2018-01-26T00:11:00Z', text: 'GSIs report the hub is down.', kind: 'detection', line: 49 })];
    // Still 25 January in Los Angeles ...
    expect(setup(entries, LA).times()).toEqual(['14:30', '15:30–15:45', '16:11']);
    cleanup();
    // ... but two days in UTC.
    expect(setup(entries, 'UTC').times()).toEqual(['2018-01-25 22:30', '2018-01-25 23:30–23:45', '2018-01-26 00:11']);
  });

  it('highlights the selected row only', async () => {
    const { rows, rerender } = setup(sameDay, LA, 1);
    expect(rows().map((li) => li.classList.contains('selected'))).toEqual([false, true, false, false]);
    expect(rows()[1]!.classList.contains('kind-deploy')).toBe(true);
    await rerender({ selected: 2 });
    expect(rows().map((li) => li.classList.contains('selected'))).toEqual([false, false, true, false]);
    expect(rows()[1]!.classList.contains('kind-deploy')).toBe(true);
    await rerender({ selected: null });
    expect(rows().some((li) => li.classList.contains('selected'))).toBe(false);
  });

  it('labels the kind of an entry, except "other"', () => {
    const { rows } = setup(sameDay, LA);
    expect(rows().map((li) => li.querySelector('.kind')?.textContent ?? null)).toEqual(['deploy', 'deploy', null, null]);
    expect(rows().map((li) => li.className.split(' ').find((name) => name.startsWith('kind-')))).toEqual(['kind-deploy', 'kind-deploy', 'kind-other', 'kind-other']);
  });

  it('says so when there is no timeline', () => {
    const { container } = setup([], LA);
    expect(screen.getByText('The postmortem has no timeline.')).toBeTruthy();
    expect(container.querySelector('ol')).toBeNull();
  });
});
