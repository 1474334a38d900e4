/**
 * The corpus bar, in-process: the same scoring as `npm run corpus`. Skipped (with a printed reason)
 * when the external corpus folder is absent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BAR } from './bar.ts';
import { corpusExists, resolveCorpusDir } from './location.ts';
import { formatReport } from './report.ts';
import { runCorpus, type CorpusReport } from './run.ts';

const corpusDir = resolveCorpusDir(process.env.HINDSIGHT_CORPUS);
const exists = corpusExists(corpusDir);
if (!exists) console.warn(`corpus not found at ${corpusDir}: skipping the corpus bar`);

describe('corpus bar', () => {
  let report: CorpusReport;

  beforeAll(() => {
    if (!exists) return;
    report = runCorpus(corpusDir);
    if (!report.pass) console.warn(formatReport(report).join('\n'));
  }, 120_000);

  it.skipIf(!exists)('parses every corpus file without throwing', () => {
    expect(report.files.filter((r) => r.error !== null).map((r) => `${r.file}: ${r.error}`)).toEqual([]);
  });

  it.skipIf(!exists)(`finds the labelled timeline with F1 >= ${BAR.timelineF1}`, () => {
    expect(report.overall.labelled).toBeGreaterThan(0);
    expect(report.overall.timeline.f1).toBeGreaterThanOrEqual(BAR.timelineF1);
  });

  it.skipIf(!exists)(`gets the action-item count exact in >= ${BAR.itemsExact * 100}% of labelled files`, () => {
    expect(report.overall.itemsExact.rate).toBeGreaterThanOrEqual(BAR.itemsExact);
  });

  it.skipIf(!exists)(`recalls >= ${BAR.refsRecall} of the labelled GitHub references`, () => {
    expect(report.overall.refs.recall).toBeGreaterThanOrEqual(BAR.refsRecall);
  });

  it.skipIf(!exists)('parses the one-line seed like the file it came from', () => {
    if (report.seed.status === 'missing') {
      console.warn(`seed check skipped: ${report.seed.detail} not found`);
      return;
    }
    expect(report.seed).toEqual({ status: 'equal', detail: null });
  });
});
