/**
 * Why linking, unlinking or creating an issue for an action item was refused: one error type with a code the HTTP
 * layer maps to a status, and a message meant for people (it names the item, the link or GitHub's answer).
 */

/**
 * - `invalid`: not a link we can read (empty, not a URL or a reference, `#12` with no repository to resolve it);
 * - `unsafe`: a URL that runs or embeds something (`javascript:`, `data:` ...) or carries credentials;
 * - `not-found`: no such action item, or no such link on it;
 * - `archived`: the item was removed from the markdown, or its incident's file was removed;
 * - `duplicate`: the item already has this link;
 * - `markdown-link`: the link is written in the markdown, so only editing the markdown removes it;
 * - `github-link`: the link was found on GitHub by the sync (a pull request referencing a linked issue);
 * - `already-open`: the item already has an open (or not yet synced) linked issue in that repository;
 * - `busy`: an issue is being created for the item right now;
 * - `github`: GitHub refused or could not be reached (nothing was recorded);
 * - `not-recorded`: GitHub created the issue but the link could not be stored (the message names the issue).
 */
export type LinkErrorCode =
  | 'invalid'
  | 'unsafe'
  | 'not-found'
  | 'archived'
  | 'duplicate'
  | 'markdown-link'
  | 'github-link'
  | 'already-open'
  | 'busy'
  | 'github'
  | 'not-recorded';

/** A refused link operation; `code` says which rule refused it. */
export class LinkError extends Error {
  override readonly name = 'LinkError';
  constructor(
    readonly code: LinkErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
