/**
 * Creating a GitHub issue for an action item: the issue says what the item says (its text, owner and due date)
 * and links back to the item in its postmortem, carries the configured label, and is recorded as the item's link.
 * GitHub's answer is applied as the sync applies an issue (`applyIssue`), so the link holds its state and the item
 * is decided from it at once, not at the next sync. When GitHub refuses, nothing is recorded.
 */
import type { Database } from '../db/connection.ts';
import type { ActionItemLinkRow } from '../db/queries/item-links.ts';
import { describeGitHubError, type GitHubClient } from '../github/client.ts';
import { linkFromUrl } from '../parser/links.ts';
import { applyIssue } from './apply-issue.ts';
import { LinkError } from './link-errors.ts';
import { githubLink, REPO_PATTERN, type ResolvedLink } from './link-ref.ts';
import { itemLink, itemLinks, type LinkTarget } from './link-store.ts';
import { linkableItem, recordLink } from './links.ts';

/** Options of `createIssueForItem`. */
export interface CreateIssueOptions {
  /** `owner/name` the issue is created in (the request's, else `HINDSIGHT_REPO`); null is refused. */
  repo: string | null;
  /** The label put on the issue (`HINDSIGHT_ISSUE_LABEL`); null: none. */
  label: string | null;
  /** Where Hindsight is reached (`HINDSIGHT_PUBLIC_URL`): the issue links back to the item there. */
  publicUrl: string;
  /** When the link is recorded. */
  now: Date;
  /** Create the issue even when the item has an open (or not yet synced) issue in that repository. Default: false. */
  force?: boolean;
}

/** GitHub's longest issue title, in characters. */
export const MAX_TITLE_LENGTH = 256;

/** Items an issue is being created for right now, per database: a second request for one of them is refused. */
const creating = new WeakMap<Database, Set<number>>();

/**
 * Creates an issue in `options.repo` for action item `itemId` (title: `issueTitle`, body: `issueBody`, labels:
 * `[options.label]` when set) and records it as the item's `service` link with GitHub's state, title, labels,
 * assignees and milestone; the item's status (and owner and due date, when the markdown gives none) follow at once.
 * Returns the stored link. Throws a `LinkError`: `not-found`, `archived` (see `linkableItem`), `invalid` (no
 * repository, or not `owner/name`), `already-open` (the item already has an open or unsynced issue in that
 * repository and `force` is not set), `busy` (an issue is being created for the item already), `github` (GitHub
 * refused or did not answer: the message gives its answer; nothing recorded), `not-recorded` (the issue was created
 * but storing the link failed: the message names the issue).
 */
export async function createIssueForItem(
  database: Database,
  client: GitHubClient,
  itemId: number,
  options: CreateIssueOptions,
): Promise<ActionItemLinkRow> {
  const item = linkableItem(database, itemId);
  const repo = options.repo?.trim() ?? '';
  if (repo === '') throw new LinkError('invalid', 'no repository to create the issue in: give "repo" (owner/name) or set HINDSIGHT_REPO');
  if (!REPO_PATTERN.test(repo)) throw new LinkError('invalid', `"${repo}" is not a repository: write it as owner/name`);
  if (!options.force) refuseSecondIssue(database, itemId, repo);

  const busy = creating.get(database) ?? new Set<number>();
  creating.set(database, busy);
  if (busy.has(itemId)) throw new LinkError('busy', `an issue is being created for action item ${itemId} already`);
  busy.add(itemId);
  try {
    const [owner, name] = repo.split('/') as [string, string];
    const labels = options.label ? [options.label] : undefined;
    let issue: Awaited<ReturnType<GitHubClient['rest']['issues']['create']>>['data'];
    try {
      const response = await client.rest.issues.create({
        owner,
        repo: name,
        title: issueTitle(item.text, itemId),
        body: issueBody(item, options.publicUrl),
        ...(labels ? { labels } : {}),
      });
      issue = response.data;
    } catch (error) {
      throw new LinkError('github', `GitHub did not create the issue in ${repo}: ${describeGitHubError(error)}${hint(error)}`, { cause: error });
    }
    const link = createdLink(issue.html_url, repo, issue.number);
    try {
      return database.sqlite.transaction(() => {
        const stored = recordLink(database, itemId, { ...link, source: 'service' }, options.now);
        applyIssue(database, link.repo ?? repo, issue, options.now);
        return itemLink(database, itemId, stored.id)!;
      })();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new LinkError('not-recorded', `created ${link.url} on GitHub, but the link could not be recorded (${why}): link it to the item by hand`, {
        cause: error,
      });
    }
  } finally {
    busy.delete(itemId);
  }
}

/** The item's text as an issue title: white space collapsed, at most `MAX_TITLE_LENGTH` characters (cut with `…`). */
export function issueTitle(text: string, itemId: number): string {
  const title = text.replace(/\s+/g, ' ').trim();
  if (title === '') return `Action item ${itemId}`;
  const characters = Array.from(title);
  return characters.length <= MAX_TITLE_LENGTH ? title : `${characters.slice(0, MAX_TITLE_LENGTH - 1).join('').trimEnd()}…`;
}

/** Where the item is shown: `<publicUrl>/incidents/<slug>#item-<id>`. */
export function itemUrl(publicUrl: string, slug: string, itemId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(slug)}#item-${itemId}`;
}

/**
 * The issue's body: the item's text, its owner and due date when it has them, and the postmortem it comes from
 * with a link back to the item (`From the postmortem: <title> (<url>)`; the slug when the postmortem has no title).
 */
export function issueBody(
  item: Pick<LinkTarget, 'id' | 'text' | 'owner' | 'due'> & { incident: Pick<LinkTarget['incident'], 'slug' | 'title'> },
  publicUrl: string,
): string {
  const facts = [item.owner ? `- Owner: ${noMention(item.owner)}` : null, item.due ? `- Due: ${item.due}` : null].filter((line) => line !== null);
  const source = `From the postmortem: ${item.incident.title ?? item.incident.slug} (${itemUrl(publicUrl, item.incident.slug, item.id)})`;
  return [noMention(item.text.trim()), facts.join('\n'), source].filter((part) => part !== '').join('\n\n');
}

/**
 * `@handle` as code (`` `@handle` ``): handles in postmortems are often chat names, and on GitHub they would notify
 * whoever has that login. The text stays readable; nobody is pinged by an issue Hindsight writes.
 */
export function noMention(text: string): string {
  return text.replace(/(^|[^\w`])@([A-Za-z0-9][\w-]*(?:\/[\w.-]+)?)/g, (_, before: string, handle: string) => `${before}\`@${handle}\``);
}

/** Refuses when the item already links an issue in `repo` that is open, or not synced yet (so maybe open). */
function refuseSecondIssue(database: Database, itemId: number, repo: string): void {
  const open = itemLinks(database, itemId).find(
    (link) => link.kind === 'issue' && link.repo?.toLowerCase() === repo.toLowerCase() && (link.state === 'open' || link.state === null),
  );
  if (!open) return;
  const state = open.state === 'open' ? 'an open issue' : 'an issue not synced yet (maybe open)';
  throw new LinkError('already-open', `action item ${itemId} already has ${state} in ${repo}: ${open.ref}; pass "force": true to create another`);
}

/** The link to record for the issue GitHub created: its plain github.com URL, else (GitHub Enterprise) its `html_url`. */
function createdLink(htmlUrl: string, repo: string, number: number): ResolvedLink {
  const parsed = linkFromUrl(htmlUrl);
  if (parsed.kind === 'issue' && parsed.repo !== null && parsed.number !== null) return githubLink(parsed.repo, parsed.number, 'issue');
  return { ref: htmlUrl, url: htmlUrl, repo, number, kind: 'issue' };
}

/** What a refusal usually means, for the statuses whose message alone does not say. */
function hint(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = describeGitHubError(error);
  if (/rate limit/.test(message)) return '';
  if (status === 401) return ': the GitHub token is not valid';
  if (status === 403) return ': the token may not create issues in this repository';
  if (status === 404) return ': no such repository, or the token cannot see it';
  if (status === 410) return ': issues are turned off in this repository';
  return '';
}
