/** The human-readable text of a corpus report: the per-source table, the worst files, the verdict. */
import type { CorpusReport, SourceMetrics } from './run.ts';
import type { Ratio } from './scoring.ts';

const num = (value: number): string => value.toFixed(2);
const files = (n: number): string => (n === 1 ? '1 file' : `${n} files`);
const pct = (r: Ratio): string => (r.rate === null ? '-' : `${Math.round(r.rate * 100)}%`);
const frac = (r: Ratio): string => (r.rate === null ? '-' : `${Math.round(r.rate * 100)}% (${r.hits}/${r.total})`);

const HEADER = ['source', 'files', 'labelled', 'TL P', 'TL R', 'TL F1', 'items =', 'refs R', 'dates', 'titles', 'tz', 'throws'];

function row(m: SourceMetrics): string[] {
  const labelled = m.labelled > 0;
  return [
    m.source,
    String(m.files),
    String(m.labelled),
    labelled ? num(m.timeline.precision) : '-',
    labelled ? num(m.timeline.recall) : '-',
    labelled ? num(m.timeline.f1) : '-',
    pct(m.itemsExact),
    labelled && m.refs.expected > 0 ? num(m.refs.recall) : '-',
    pct(m.dates),
    pct(m.titles),
    pct(m.timezones),
    String(m.throws),
  ];
}

function table(rows: string[][]): string[] {
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return rows.map(line);
}

/** Options for `formatReport`: `verbose` lists every imperfect file (default: at most `worst`, 8, per list). */
export interface FormatOptions {
  verbose?: boolean;
  worst?: number;
}

/**
 * The report as lines of text: table per source plus an overall line, secondary metrics, the files
 * with timeline F1 below 1 (worst first, with missing and extra `(date, time)` pairs), the other
 * per-file mismatches (item counts, references, dates, titles, zones, milestones), the files that
 * threw, the seed check and the verdict. Defaults: not verbose, 8 files per list.
 */
export function formatReport(report: CorpusReport, options: FormatOptions = {}): string[] {
  const { verbose = false, worst = 8 } = options;
  const o = report.overall;
  const out: string[] = [`corpus: ${report.corpus}`, ''];
  const lines = table([HEADER, ...report.sources.map(row), row(o)]);
  out.push(...lines.slice(0, -1), '-'.repeat(Math.max(...lines.map((l) => l.length))), lines.at(-1) ?? '', '');

  out.push(
    `timeline: ${o.timeline.tp} matched, ${o.timeline.predicted} predicted, ${o.timeline.expected} labelled`,
    `references: recall ${num(o.refs.recall)} precision ${num(o.refs.precision)} (${o.refs.tp} matched, ${o.refs.predicted} predicted, ${o.refs.expected} labelled)`,
    `action items: count exact ${frac(o.itemsExact)}; on those files done ${frac(o.done)}, group ${frac(o.group)}`,
    `incident date ${frac(o.dates)}; title ${frac(o.titles)}; timezone offset ${frac(o.timezones)}`,
    `stated milestones ${frac(o.milestones)}; spurious stated milestones: ${o.milestones.spurious}`,
    `non-incident pages with a timeline or action items: ${report.nonIncident.withContent.length}/${report.nonIncident.files}` +
      (report.nonIncident.withContent.length > 0 ? ` (${report.nonIncident.withContent.join(', ')})` : ''),
  );
  if (report.orphanLabels.length > 0) out.push(`labels without a corpus file: ${report.orphanLabels.join(', ')}`);

  const imperfect = report.files
    .flatMap((r) => (r.score !== null && r.score.timeline.f1 < 1 ? [r.score] : []))
    .sort((a, b) => a.timeline.f1 - b.timeline.f1 || a.file.localeCompare(b.file));
  if (imperfect.length > 0) {
    const shown = verbose ? imperfect : imperfect.slice(0, worst);
    out.push('', `timeline F1 below 1.0: ${files(imperfect.length)}${shown.length < imperfect.length ? ` (worst ${shown.length}; --verbose for all)` : ''}`);
    for (const s of shown) {
      const t = s.timeline;
      out.push(`  ${s.file}  F1 ${num(t.f1)} (P ${num(t.precision)} R ${num(t.recall)}; ${t.predicted} found, ${t.expected} labelled)`);
      if (t.missing.length > 0) out.push(`    missing: ${t.missing.join(', ')}`);
      if (t.extra.length > 0) out.push(`    extra:   ${t.extra.join(', ')}`);
    }
  }

  const scores = report.files.flatMap((r) => (r.score === null ? [] : [r.score]));
  const mismatches: [string, string[]][] = [
    ['action-item count', scores.filter((s) => !s.items.exact).map((s) => `${s.file}: ${s.items.predicted} found, ${s.items.expected} labelled`)],
    [
      'references',
      scores
        .filter((s) => s.refs.missing.length > 0 || s.refs.extra.length > 0)
        .map((s) => `${s.file}: missing ${s.refs.missing.join(', ') || '-'}; extra ${s.refs.extra.join(', ') || '-'}`),
    ],
    ['incident date', scores.filter((s) => !s.date.ok).map((s) => `${s.file}: ${s.date.got ?? 'null'}, labelled ${s.date.expected ?? 'null'}`)],
    ['title', scores.filter((s) => !s.title.ok).map((s) => `${s.file}: ${JSON.stringify(s.title.got)}, labelled ${JSON.stringify(s.title.expected)}`)],
    [
      'timezone offset',
      scores
        .filter((s) => s.timezone.counted && !s.timezone.ok)
        .map((s) => `${s.file}: ${s.timezone.got ?? 'none claimed'}, labelled ${s.timezone.expected ?? 'none declared'}`),
    ],
    ['stated milestones', scores.filter((s) => s.milestones.wrong.length > 0).map((s) => `${s.file}: ${s.milestones.wrong.join('; ')}`)],
  ];
  for (const [what, lines] of mismatches) {
    if (lines.length === 0) continue;
    const shown = verbose ? lines : lines.slice(0, worst);
    out.push('', `${what} mismatches: ${files(lines.length)}${shown.length < lines.length ? ` (first ${shown.length}; --verbose for all)` : ''}`);
    for (const line of shown) out.push(`  ${line}`);
  }

  const threw = report.files.filter((r) => r.error !== null);
  if (threw.length > 0) {
    out.push('', `threw: ${files(threw.length)}`);
    for (const r of threw) out.push(`  ${r.file}: ${r.error}`);
  }

  out.push('', `seed (${report.seed.status})${report.seed.detail === null ? '' : `: ${report.seed.detail}`}`, '');
  for (const c of report.checks) {
    const value = typeof c.value === 'number' && !Number.isInteger(c.value) ? num(c.value) : String(c.value);
    out.push(`  ${c.skipped !== undefined ? 'skip' : c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${value} (target ${c.target})${c.skipped !== undefined ? ` - ${c.skipped}` : ''}`);
  }
  out.push(`verdict: ${report.pass ? 'pass' : 'below the bar'}`, `run time: ${(report.ms / 1000).toFixed(2)} s`);
  return out;
}
