/**
 * The issues a pull request says it closes, read the way GitHub reads a pull request's title and description: a
 * closing keyword (`close`, `closes`, `closed`, `fix`, `fixes`, `fixed`, `resolve`, `resolves`, `resolved`; any
 * case, an optional colon) followed by `#12`, `owner/name#12` or the URL. Each reference needs its own
 * keyword (`Fixes #1, #2` closes #1 only), as on GitHub; references inside code are not read. Pure; never throws.
 */

/** An issue a pull request closes. `repo` is `owner/name` as written (bare `#12`: the pull request's own repository). */
export interface ClosingRef {
  repo: string;
  number: number;
}

const KEYWORD = '(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)';
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const NAME = '[A-Za-z0-9._-]{1,100}';
const NUMBER = '[1-9]\\d{0,8}';
const REF = new RegExp(
  `(?<![\\w-])${KEYWORD}(?::\\s*|\\s+)(?:(${OWNER})/(${NAME})#(${NUMBER})|#(${NUMBER})|https?://([^/\\s]+)/(${OWNER})/(${NAME})/issues/(${NUMBER}))(?![\\w/-])`,
  'gi',
);

/**
 * The issues `text` (a pull request's title and body) closes, each once, in order of appearance. `repo` resolves
 * bare `#12`; `webHosts` are the hosts whose issue URLs count (default: `github.com`; add a GitHub Enterprise host).
 */
export function closingRefs(text: string | null | undefined, repo: string, webHosts: readonly string[] = ['github.com']): ClosingRef[] {
  if (typeof text !== 'string' || text === '') return [];
  const hosts = new Set(webHosts.map((host) => host.toLowerCase()));
  const readable = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, ' ').replace(/`[^`\n]*`/g, ' ');
  const found: ClosingRef[] = [];
  const seen = new Set<string>();
  for (const match of readable.matchAll(REF)) {
    let ref: ClosingRef | null = null;
    if (match[1] !== undefined) ref = { repo: `${match[1]}/${match[2]}`, number: Number(match[3]) };
    else if (match[4] !== undefined) ref = { repo, number: Number(match[4]) };
    else if (match[5] !== undefined && (hosts.has(match[5].toLowerCase()) || hosts.has(match[5].toLowerCase().replace(/^www\./, '')))) {
      ref = { repo: `${match[6]}/${match[7]}`, number: Number(match[8]) };
    }
    if (ref === null) continue;
    const key = `${ref.repo.toLowerCase()}#${ref.number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(ref);
  }
  return found;
}
