/** The quality bar the parser must clear on the corpus. */

/** The thresholds: timeline F1, share of labelled files with the exact action-item count, reference recall. */
export const BAR = { timelineF1: 0.95, itemsExact: 0.9, refsRecall: 0.98 } as const;

export interface Check {
  name: string;
  /** The measured value (null when nothing could be measured). */
  value: number | string | null;
  target: string;
  ok: boolean;
  /** Why a check was not applied (e.g. the seed file is absent); such a check passes. */
  skipped?: string;
}

export interface BarInput {
  /** Labelled files scored; with none, the label-based checks fail. */
  labelled: number;
  timelineF1: number;
  itemsExact: number | null;
  refsRecall: number;
  refsExpected: number;
  throws: number;
  seed: 'equal' | 'different' | 'missing' | 'error';
}

/**
 * The verdict per criterion. With no labelled files the label-based checks fail (no evidence); a
 * missing seed file is skipped rather than failed; no labelled references at all counts as met.
 */
export function judge(input: BarInput): Check[] {
  const measured = input.labelled > 0;
  return [
    {
      name: 'timeline F1',
      value: measured ? input.timelineF1 : null,
      target: `>= ${BAR.timelineF1}`,
      ok: measured && input.timelineF1 >= BAR.timelineF1,
    },
    {
      name: 'action-item count exact',
      value: measured ? input.itemsExact : null,
      target: `>= ${BAR.itemsExact} of labelled files`,
      ok: measured && input.itemsExact !== null && input.itemsExact >= BAR.itemsExact,
    },
    {
      name: 'reference recall',
      value: measured ? input.refsRecall : null,
      target: `>= ${BAR.refsRecall}`,
      ok: measured && (input.refsExpected === 0 || input.refsRecall >= BAR.refsRecall),
    },
    { name: 'files that throw', value: input.throws, target: '0', ok: input.throws === 0 },
    input.seed === 'missing'
      ? { name: 'seed equal', value: input.seed, target: 'equal', ok: true, skipped: 'seed file not found' }
      : { name: 'seed equal', value: input.seed, target: 'equal', ok: input.seed === 'equal' },
  ];
}
