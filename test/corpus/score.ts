/**
 * `npm run corpus`: parse every file of the external corpus, score against its labels, print a
 * table and a verdict. Flags: `--json` (the whole report as JSON), `--verbose` (every imperfect
 * file, not just the worst 8). Corpus folder: `HINDSIGHT_CORPUS`, default `../shared/corpus` from
 * the repository root. Exit 1 when under the bar or a file threw; 0 otherwise, also when the
 * corpus is absent.
 */
import { parseArgs } from 'node:util';
import { corpusExists, resolveCorpusDir } from './location.ts';
import { formatReport } from './report.ts';
import { runCorpus } from './run.ts';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
});

const corpusDir = resolveCorpusDir(process.env.HINDSIGHT_CORPUS);
if (!corpusExists(corpusDir)) {
  const message = `corpus not found at ${corpusDir}: skipping`;
  if (values.json) console.log(JSON.stringify({ corpus: corpusDir, skipped: message }, null, 2));
  else console.log(message);
} else {
  const report = runCorpus(corpusDir);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatReport(report, { verbose: values.verbose }).join('\n'));
  process.exitCode = report.pass ? 0 : 1;
}
