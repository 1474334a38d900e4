/**
 * What a person typed to link an action item, read into the link to store: a GitHub issue or pull request URL,
 * `owner/repo#12`, `#12` (against the default repository), a commit URL, or any other http(s) URL. GitHub URLs and
 * references are read by the parser's own link reader (`server/parser/links.ts`), so a link added through the
 * service and the same link written in the markdown come out alike. Pure.
 */
import type { Text } from 'mdast';
import { extractLinks, linkFromUrl } from '../parser/links.ts';
import type { Link } from '../domain/postmortem.ts';
import { LinkError } from './link-errors.ts';

/** A link ready to store: `ref` is its URL (unique per item). */
export interface ResolvedLink {
  ref: string;
  url: string;
  repo: string | null;
  number: number | null;
  kind: Link['kind'];
}

/** Longest link accepted, in characters. */
export const MAX_LINK_LENGTH = 2000;

/** `owner/name`, as GitHub allows them. */
export const REPO_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** `owner/repo#12` or `#12`, the whole input. */
const REFERENCE = /^(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100})?#[1-9]\d{0,8}$/;
/** Schemes that run or embed something instead of pointing somewhere. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'vbscript:', 'data:', 'file:', 'blob:']);

const WHAT_WORKS = 'give a GitHub issue or pull request URL, owner/repo#12, #12, or an http(s) URL';

/**
 * Reads `input` (trimmed) into a link. `#12` resolves against `repo` (default: none, and then `#12` is refused).
 * GitHub issue and pull request links are stored under their plain URL (`https://github.com/o/r/issues/12`, the
 * URL the parser builds for `o/r#12` too, with any `#issuecomment-…` or `/files` left out); other URLs as the URL
 * parser writes them. Throws a `LinkError`: `invalid` (empty, too long, white space inside, not a URL or a
 * reference, another scheme than http(s), `#12` without a repository) or `unsafe` (`javascript:`, `vbscript:`,
 * `data:`, `file:`, `blob:`, or a user name or password in the URL).
 */
export function resolveLinkRef(input: string, repo: string | null = null): ResolvedLink {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') throw new LinkError('invalid', `the link is empty: ${WHAT_WORKS}`);
  if (text.length > MAX_LINK_LENGTH) throw new LinkError('invalid', `the link is longer than ${MAX_LINK_LENGTH} characters`);
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  if (/[\s\p{Cc}]/u.test(text)) throw new LinkError('invalid', `${shown} has white space or control characters in it: ${WHAT_WORKS}`);

  if (REFERENCE.test(text)) return fromReference(text, repo, shown);

  const url = parseUrl(text);
  if (url === null) throw new LinkError('invalid', `${shown} is not a link: ${WHAT_WORKS}`);
  if (UNSAFE_SCHEMES.has(url.protocol)) {
    throw new LinkError('unsafe', `${url.protocol} links are refused: they run or embed something instead of pointing somewhere`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LinkError('invalid', `only http and https links can be added (not ${url.protocol}): ${WHAT_WORKS}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new LinkError('unsafe', 'a link with a user name or password in it is refused: everyone who reads the item would see them');
  }
  const link = linkFromUrl(url.href);
  if ((link.kind === 'issue' || link.kind === 'pull') && link.repo !== null && link.number !== null) {
    return githubLink(link.repo, link.number, link.kind);
  }
  return { ref: url.href, url: url.href, repo: link.repo, number: link.number, kind: link.kind };
}

/** `https://github.com/o/r/issues/12` (or `/pull/12`): how GitHub issues and pull requests are stored. */
export function githubLink(repo: string, number: number, kind: 'issue' | 'pull'): ResolvedLink {
  const url = `https://github.com/${repo}/${kind === 'pull' ? 'pull' : 'issues'}/${number}`;
  return { ref: url, url, repo, number, kind };
}

function fromReference(text: string, repo: string | null, shown: string): ResolvedLink {
  const node: Text = { type: 'text', value: text };
  const [link] = extractLinks(node, new Map(), { repo });
  if (link?.url == null || link.repo === null || link.number === null) {
    throw new LinkError('invalid', `${shown} names no repository: write owner/repo${text}, or set HINDSIGHT_REPO (the default repository)`);
  }
  return githubLink(link.repo, link.number, link.kind === 'pull' ? 'pull' : 'issue');
}

/** The URL `text` is; `github.com/…` without a scheme is read as https. Null when it is not a URL. */
function parseUrl(text: string): URL | null {
  try {
    return new URL(/^(?:www\.)?github\.com\//i.test(text) ? `https://${text}` : text);
  } catch {
    return null;
  }
}

/** The parts of a stored link `isSameLink` compares. */
export interface ComparableLink {
  ref: string;
  url: string | null;
  repo: string | null;
  number: number | null;
}

/**
 * Whether two links name the same thing, as the parser deduplicates them: the same ref; the same issue or pull
 * request (repository compared without case); or the same URL without its fragment, compared without case.
 */
export function isSameLink(a: ComparableLink, b: ComparableLink): boolean {
  if (a.ref === b.ref) return true;
  if (a.number !== null && b.number !== null && a.repo !== null && b.repo !== null) {
    return a.number === b.number && a.repo.toLowerCase() === b.repo.toLowerCase();
  }
  if (a.url === null || b.url === null) return false;
  const plain = (url: string) => url.replace(/#.*$/, '').toLowerCase();
  return plain(a.url) === plain(b.url);
}
