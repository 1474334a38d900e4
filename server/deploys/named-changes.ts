/**
 * The changes a postmortem names: commit shas, pull requests and versions written in its text, with their line.
 * Mentions in a rollback's wording (`rolled back to v0.5.0`, `reverted to abc1234`) name the version gone back
 * to, not the change that broke things, and are kept apart. Pure.
 */

export interface NamedChange {
  kind: 'sha' | 'pull' | 'version';
  /** Lower-case sha, PR number as text, or version without a leading `v`, lower case. */
  value: string;
  /** As written. */
  text: string;
  line: number;
  /** True when the mention is what a rollback went back to. */
  rollbackTarget: boolean;
}

const SHA = /(?<![0-9a-z/#@-])([0-9a-f]{7,40})(?![0-9a-z-])/gi;
const PULL = /(?:\/pull\/|\b(?:PR|pull request|merge request|MR)\s*#?\s*|(?<![&/])#)(\d{1,7})\b/gi;
const VERSION = /(?<![\w.-])(v?\d+\.\d+(?:\.\d+)?(?:-[0-9a-z.]+)?)(?![\w.-]*\w)/gi;
const ROLLBACK_BEFORE = /\b(?:roll(?:s|ed|ing)?\s*(?:\S+\s+){0,3}?back|revert(?:s|ed|ing)?|downgrad\w*|went back|go(?:es|ing)? back|put\s+\S+\s+back|back to|restor\w*)\b[^.;!?]*$/i;

/** Every sha, pull request and version named in `markdown`, in reading order. Shas need a digit and a letter. */
export function namedChanges(markdown: string): NamedChange[] {
  const found: NamedChange[] = [];
  const lines = markdown.split(/\r\n|\r|\n/);
  lines.forEach((text, index) => {
    const line = index + 1;
    const onLine: Array<NamedChange & { at: number }> = [];
    const add = (kind: NamedChange['kind'], value: string, written: string, at: number) => {
      const before = text.slice(0, at);
      const after = text.slice(at + written.length);
      const rollbackTarget = ROLLBACK_BEFORE.test(before) || /^\s+back\b/i.test(after);
      onLine.push({ kind, value, text: written, line, rollbackTarget, at });
    };
    for (const match of text.matchAll(SHA)) {
      const sha = match[1]!;
      if (/\d/.test(sha) && /[a-f]/i.test(sha)) add('sha', sha.toLowerCase(), sha, match.index);
    }
    for (const match of text.matchAll(PULL)) add('pull', match[1]!, match[0], match.index);
    for (const match of text.matchAll(VERSION)) {
      const written = match[1]!;
      // Dates and times (2018.01.25, 10.0.0.1 addresses) are not versions: a version has at most three numbers.
      if (/^\d{4}\./.test(written) || /^\d+\.\d+\.\d+\.\d+/.test(text.slice(match.index))) continue;
      add('version', versionKey(written), written, match.index);
    }
    for (const { at: _at, ...change } of onLine.sort((a, b) => a.at - b.at)) found.push(change);
  });
  return found;
}

/** A version compared without case and leading `v`: `V3.14.0` → `3.14.0`. */
export function versionKey(version: string): string {
  return version.trim().toLowerCase().replace(/^v(?=\d)/, '');
}
