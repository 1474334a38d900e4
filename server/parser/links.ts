/**
 * GitHub references and other links in an mdast node: inline links, autolinks, reference-style
 * links, `owner/repo#12`, `GH-12` and bare `#12` in text. Pure; never throws.
 */
import type { Definition, Nodes } from 'mdast';
import type { Link } from '../domain/postmortem.ts';

export interface LinkOptions {
  /** `owner/name` that bare `#12` and `GH-12` resolve against. Default: none (`repo: null`, `url: null`). */
  repo?: string | null;
  /** Extra host names (GitHub Enterprise) whose URLs are read like github.com ones. Default: none. */
  githubHosts?: string[];
}

const GITHUB_HOSTS = new Set(['github.com', 'www.github.com']);
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const NUMBER = /^[1-9]\d{0,8}$/;
const SHA = /^[0-9a-f]{7,40}$/i;

/** A label as CommonMark matches it: lowercase, inner white space collapsed, trimmed. */
function normaliseLabel(label: string): string {
  return label.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Push children so that popping the stack visits them in document order. */
function pushChildren(stack: Nodes[], children: readonly Nodes[]): void {
  for (let i = children.length - 1; i >= 0; i -= 1) {
    const child = children[i];
    if (child !== undefined) stack.push(child);
  }
}

/**
 * Collect the `[label]: url` definitions of a whole tree, keyed by normalised label
 * (lowercase, collapsed spaces). The first definition of a label wins, as in CommonMark.
 */
export function collectDefinitions(tree: Nodes): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type === 'definition') {
      const key = normaliseLabel(node.label ?? node.identifier ?? '');
      if (!definitions.has(key)) definitions.set(key, node);
    } else if ('children' in node) {
      pushChildren(stack, node.children as Nodes[]);
    }
  }
  return definitions;
}

/**
 * Parse one URL into a Link. GitHub issue, pull request (also `/pull/N/files`, `/pull/N/commits/SHA`,
 * `#issuecomment-…` fragments) and commit URLs get their repo and number (commits: number null);
 * `github.com/…` without a scheme is read as https. Anything else, relative or malformed URLs
 * included, is `kind: 'other'` with repo and number null and the URL kept as written (trimmed).
 * `githubHosts` adds GitHub Enterprise hosts (default: none). Never throws.
 */
export function linkFromUrl(url: string, githubHosts: readonly string[] = []): Link {
  const written = typeof url === 'string' ? url.trim() : '';
  const other: Link = { url: written, repo: null, number: null, kind: 'other' };
  const absolute = /^(?:www\.)?github\.com\//i.test(written) ? `https://${written}` : written;
  let parsed: URL;
  try {
    parsed = new URL(absolute);
  } catch {
    return other;
  }
  const host = parsed.hostname.toLowerCase();
  const isGitHub = GITHUB_HOSTS.has(host) || githubHosts.some((h) => h.trim().toLowerCase() === host);
  if (!isGitHub || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return other;
  const [owner, name, section, id] = parsed.pathname.split('/').filter((part) => part !== '');
  if (owner === undefined || name === undefined || id === undefined) return other;
  if (!OWNER.test(owner) || !NAME.test(name)) return other;
  const repo = `${owner}/${name}`;
  if ((section === 'issues' || section === 'pull') && NUMBER.test(id)) {
    return { url: written, repo, number: Number(id), kind: section === 'pull' ? 'pull' : 'issue' };
  }
  if (section === 'commit' && SHA.test(id)) return { url: written, repo, number: null, kind: 'commit' };
  return other;
}

/**
 * A reference written in text (`#12`, `GH-12`, `owner/repo#12`): an issue, or a pull request when the
 * words before it say so (`PR #12`). The URL is built when the repo is known (GitHub redirects
 * `/issues/N` to a pull request when N is one).
 */
function textRef(repo: string | null, number: number, before: string): Link {
  const kind = PULL_BEFORE.test(before) ? 'pull' : 'issue';
  const url = repo === null ? null : `https://github.com/${repo}/${kind === 'pull' ? 'pull' : 'issues'}/${number}`;
  return { url, repo, number, kind };
}

/** Two links are the same when they name the same issue/PR, else when their URLs match without the fragment. */
function linkKey(link: Link): string {
  if (link.number !== null) return `${(link.repo ?? '?').toLowerCase()}#${link.number}`;
  return `url:${(link.url ?? '').replace(/#.*$/, '').toLowerCase()}`;
}

interface Found {
  index: number;
  link: Link;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>]+/gi;
const REPO_REF = /(?<![\w./@#-])([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})#([1-9]\d{0,8})(?![\w-])/g;
const GH_REF = /(?<![\w-])GH-([1-9]\d{0,8})(?![\w-])/gi;
const BARE_REF = /(?<![\w&#/])#([1-9]\d{0,8})(?![\w-])/g;
/** Words that make a following `#12` a ticket of another system, not a GitHub issue. */
const NOT_GITHUB_BEFORE = /\b(?:pagerduty|pd|jira|tickets?|freshdesk|zendesk|servicenow|incidents?|case|sev|page)\s*$/i;
const PULL_BEFORE = /\b(?:PRs?|pull requests?|pull)\s*:?\s*\(?$/i;
/** What ends a URL written in text: white space, `<`, and (unlike GFM, for pasted HTML) `>`. */
const URL_END = /[\s<>]/;
/** Punctuation that closes a sentence, a quotation or a parenthesis rather than a URL when only more of it follows. */
const URL_TRAIL = new Set(['!', '"', "'", ')', '*', ',', '.', ':', ';', '?', '_', '~']);
const isLetter = (char: string | undefined): boolean => char !== undefined && /^[A-Za-z]$/.test(char);

/**
 * Length of the URL that starts `text` (`https://…`, `www.…`), ended the way GFM autolinks end (the same rules as
 * remark-gfm, so both read a URL alike): at white space or `<`, and before trailing punctuation
 * (`.,;:!?*_~'"`, a `&gt;`-like reference, `]`) with nothing but more of it before the end; a `)` belongs to the
 * URL while it closes a `(` opened inside it (`https://x.test/a_(b)).` gives `…/a_(b)`). One difference, for
 * pasted HTML: `>` ends a URL too, so `…/issues/1">` gives `…/issues/1`. Linear in the length of `text`.
 */
export function bareUrlLength(text: string): number {
  const value = typeof text === 'string' ? text : '';
  const stop = value.search(URL_END);
  const end = stop === -1 ? value.length : stop;
  // trails[i] = 1 when value[i, end) is trailing punctuation only, so the URL may end at i.
  const trails = new Uint8Array(end + 1);
  trails[end] = 1;
  for (let i = end - 1; i >= 0; i -= 1) {
    const char = value.charAt(i);
    if (URL_TRAIL.has(char)) {
      trails[i] = trails[i + 1] ?? 0;
    } else if (char === '&') {
      let j = i + 1;
      while (j < end && isLetter(value[j])) j += 1;
      trails[i] = j > i + 1 && j < end && value[j] === ';' ? (trails[j + 1] ?? 0) : 0;
    } else if (char === ']') {
      trails[i] = i + 1 === end || value[i + 1] === '(' || value[i + 1] === '[' ? 1 : (trails[i + 1] ?? 0);
    }
  }
  let open = 0;
  let close = 0;
  for (let i = 0; i < end; i += 1) {
    const char = value.charAt(i);
    if (char === '(') {
      open += 1;
    } else if (char === ')' && close < open) {
      close += 1;
    } else if ((URL_TRAIL.has(char) || char === '&' || char === ']') && trails[i] === 1) {
      return i;
    } else if (char === ')') {
      close += 1;
    }
  }
  return end;
}

/**
 * A GFM literal autolink (remark-gfm turns a bare `https://…` / `www.…` in text into a link whose text is the
 * URL as written and which starts where that text starts): its URL cut where `bareUrlLength` ends it, and the
 * written text after the cut (`">#12`), else null for other links (`<…>` autolinks, `[text](url)`).
 */
function literalAutolink(node: Nodes): { url: string; rest: string } | null {
  if (node.type !== 'link' || node.children.length !== 1) return null;
  const [child] = node.children;
  if (child?.type !== 'text' || (node.url !== child.value && node.url !== `http://${child.value}`)) return null;
  const [linkStart, textStart] = [node.position?.start.offset, child.position?.start.offset];
  if (linkStart !== undefined && textStart !== undefined && linkStart !== textStart) return null;
  const end = bareUrlLength(child.value);
  return { url: node.url.slice(0, node.url.length - (child.value.length - end)), rest: child.value.slice(end) };
}

/** References written in plain text, in order of appearance. Code spans written inline are skipped. */
function linksInText(value: string, opts: LinkOptions): Found[] {
  const text = value.replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
  const found: Found[] = [];
  const taken = new Uint8Array(text.length);
  const take = (start: number, end: number): void => {
    taken.fill(1, start, end);
  };
  const free = (start: number, end: number): boolean => !taken.subarray(start, end).includes(1);
  const repo = opts.repo ?? null;

  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].slice(0, bareUrlLength(match[0]));
    take(match.index, match.index + url.length);
    found.push({ index: match.index, link: linkFromUrl(url, opts.githubHosts) });
  }
  for (const match of text.matchAll(REPO_REF)) {
    const end = match.index + match[0].length;
    if (!free(match.index, end)) continue;
    take(match.index, end);
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    found.push({ index: match.index, link: textRef(`${match[1]}/${match[2]}`, Number(match[3]), before) });
  }
  for (const match of text.matchAll(GH_REF)) {
    if (free(match.index, match.index + match[0].length)) {
      found.push({ index: match.index, link: textRef(repo, Number(match[1]), '') });
    }
  }
  for (const match of text.matchAll(BARE_REF)) {
    if (!free(match.index, match.index + match[0].length)) continue;
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    if (NOT_GITHUB_BEFORE.test(before)) continue;
    found.push({ index: match.index, link: textRef(repo, Number(match[1]), before) });
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * Every link in `node`, deduplicated (same issue/PR, else same URL) and in order of appearance:
 * inline links, autolinks, bare URLs (remark-gfm makes them links, plain text URLs are read too; both
 * end where `bareUrlLength` says, so `…/issues/1">` is issue 1),
 * reference-style links resolved through `definitions` (see `collectDefinitions`), and in text
 * `owner/repo#12`, `GH-12` and bare `#12` (repo: `opts.repo`, default none, so `url: null`).
 * Not references: `#` inside URLs, `C#`, `#ops` channels, `PD-123` / `ABC-123` keys, `ticket #12`,
 * anything in code (inline or fenced), HTML, images, link definitions themselves, and the text of a
 * link (its URL speaks for it). `mailto:` and in-page `#anchor` links are left out, and so are URLs that
 * run or embed something instead of pointing somewhere (`javascript:`, `vbscript:`, `data:`, `file:`).
 */
export function extractLinks(node: Nodes, definitions: Map<string, Definition>, opts: LinkOptions = {}): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  const add = (link: Link): void => {
    const key = linkKey(link);
    if (seen.has(key)) return;
    seen.add(key);
    links.push(link);
  };
  const addUrl = (url: string | null | undefined): void => {
    const trimmed = typeof url === 'string' ? url.trim() : '';
    if (trimmed === '' || trimmed.startsWith('#') || /^(?:mailto|javascript|vbscript|data|file):/i.test(trimmed.replace(/[\s\0]+/g, ''))) return;
    add(linkFromUrl(trimmed, opts.githubHosts));
  };

  const stack: Nodes[] = [node];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (current.type === 'link') {
      const literal = literalAutolink(current);
      addUrl(literal?.url ?? current.url);
      if (literal !== null) for (const { link } of linksInText(literal.rest, opts)) add(link);
      continue;
    }
    if (current.type === 'linkReference') {
      const definition = definitions.get(normaliseLabel(current.label ?? current.identifier ?? ''));
      if (definition !== undefined) {
        addUrl(definition.url);
        continue;
      }
    }
    if (current.type === 'text') {
      if (typeof current.value === 'string') for (const { link } of linksInText(current.value, opts)) add(link);
      continue;
    }
    if (current.type === 'definition' || current.type === 'image' || current.type === 'imageReference') continue;
    if ('children' in current) pushChildren(stack, current.children as Nodes[]);
  }
  return links;
}
