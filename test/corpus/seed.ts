/** The seed check: the one-line seed postmortem must parse like the multi-line file it came from. */
import type { ParsedPostmortem } from '../../server/domain/postmortem.ts';

/** The parts of a parse the seed check compares: title, timeline (date, time, text), action items (text, group). */
export function seedView(parsed: ParsedPostmortem): {
  title: string | null;
  timeline: { date: string | null; time: string | null; text: string }[];
  actionItems: { text: string; group: string | null }[];
} {
  return {
    title: parsed.title,
    timeline: parsed.timeline.map(({ date, time, text }) => ({ date, time, text })),
    actionItems: parsed.actionItems.map(({ text, group }) => ({ text, group })),
  };
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

/**
 * The first difference between two parses in the parts `seedView` keeps, as a short human-readable
 * line (`timeline[2].time: "15:30" vs "15:31"`), or null when they are equal. `a` is the seed's parse.
 */
export function firstSeedDifference(a: ParsedPostmortem, b: ParsedPostmortem): string | null {
  const left = seedView(a);
  const right = seedView(b);
  if (left.title !== right.title) return `title: ${show(left.title)} vs ${show(right.title)}`;
  for (const part of ['timeline', 'actionItems'] as const) {
    const xs: Record<string, unknown>[] = left[part];
    const ys: Record<string, unknown>[] = right[part];
    const n = Math.min(xs.length, ys.length);
    for (let i = 0; i < n; i += 1) {
      const x = xs[i] ?? {};
      const y = ys[i] ?? {};
      for (const key of Object.keys(x)) {
        if (x[key] !== y[key]) return `${part}[${i}].${key}: ${show(x[key])} vs ${show(y[key])}`;
      }
    }
    if (xs.length !== ys.length) {
      const more = xs.length > ys.length ? `seed has extra ${show(xs[n])}` : `seed lacks ${show(ys[n])}`;
      return `${part}: ${xs.length} vs ${ys.length} entries (${more})`;
    }
  }
  return null;
}
