/**
 * Step 1, front matter. A first line starting `--- key: ...` with a later ` --- ` becomes a YAML block,
 * one `key:` per line. A key splits only outside quotes, brackets and braces, and only when it is a
 * usual front-matter key (title, date, tags, ...) or a snake/kebab-case word; `key: - a - b` becomes a
 * YAML sequence. Nested mappings cannot be told apart and stay flat.
 */
import { isSpaceAt } from './chars.ts';

/** Usual keys, compared lowercase; any other key must be a snake/kebab-case word to start a line. */
const FRONT_MATTER_KEYS = new Set([
  'title', 'date', 'time', 'author', 'authors', 'owner', 'owners', 'tags', 'categories', 'category',
  'name', 'about', 'labels', 'assignees', 'timezone', 'tz', 'severity', 'sev', 'priority', 'status',
  'summary', 'description', 'impact', 'id', 'incident', 'service', 'services', 'team', 'teams',
  'duration', 'started', 'start', 'detected', 'mitigated', 'resolved', 'end', 'ended', 'draft',
  'layout', 'slug', 'created', 'updated', 'modified', 'lastmod', 'permalink', 'subtitle', 'format',
  'toc', 'keywords', 'repo', 'repository', 'commander', 'reviewers', 'participants', 'attendees',
  'type', 'version', 'environment', 'region', 'components', 'links',
]);

/** Restored front matter: the YAML block with its `---` fences, and where it ended in the line. */
export interface FrontMatter {
  /** `---`, one line per key (sequence items as `  - item`), `---`; joined with `\n`. */
  block: string;
  /** Index in the flattened line just after the closing `---`. */
  end: number;
}

/**
 * Front matter at the start of the flattened line `s` (see the module comment), or null when `s` does
 * not start with `--- key:` or has no closing ` ---`.
 */
export function frontMatter(s: string): FrontMatter | null {
  if (!s.startsWith('--- ')) return null;
  const close = s.search(/ ---(?: |$)/);
  if (close < 4) return null;
  const body = s.slice(4, close);
  if (!/^[A-Za-z_][\w.-]*:(?: |$)/.test(body)) return null;
  const keyStarts: number[] = [0];
  let quote = '';
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      if (isSpaceAt(body, i - 1) || body[i - 2] === ':') quote = c;
    } else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ' ' && depth === 0) {
      const m = /^([A-Za-z_][\w.-]*):(?: |$)/.exec(body.slice(i + 1, i + 60));
      if (m && m[1] && (FRONT_MATTER_KEYS.has(m[1].toLowerCase()) || /[_-]/.test(m[1]))) keyStarts.push(i + 1);
    }
  }
  const lines: string[] = ['---'];
  keyStarts.forEach((start, k) => {
    const entry = body.slice(start, keyStarts[k + 1] ?? body.length).trim();
    const colon = entry.indexOf(':');
    const value = entry.slice(colon + 1).trim();
    if (value.startsWith('- ')) {
      lines.push(entry.slice(0, colon + 1));
      for (const item of value.slice(2).split(/ - /)) lines.push(`  - ${item.trim()}`);
    } else lines.push(entry);
  });
  lines.push('---');
  return { block: lines.join('\n'), end: close + 4 };
}
