/**
 * What a deploy branch's commit says about itself: the pull request it came in through, whether it goes back
 * (a revert, a rollback, a downgrade) and the release version it names, read from its subject line and from the
 * tags pointing at it. Pure; never throws.
 */
import type { DeploymentKind } from '../domain/deployment.ts';

export interface SubjectFacts {
  /** From `Merge pull request #123 from ...` (GitHub's merge) or a trailing `(#123)` (GitHub's squash). */
  pullNumber: number | null;
  /** `rollback` for a revert, a roll back, a downgrade, or a merge of GitHub's `revert-123-...` branch. */
  kind: DeploymentKind;
  /** A `v1.2.3`-style version named in the subject; null for a revert (it names what is being undone). */
  version: string | null;
}

const MERGED_PULL = /^Merge pull request #(\d{1,9}) from (\S+)/;
const SQUASHED_PULL = /\(#(\d{1,9})\)\s*$/;
/** `Merge branch 'revert-12-staging'`, `Merge pull request #13 from org/revert-12-staging`: GitHub's Revert button. */
const MERGED_REVERT_BRANCH = /^Merge (?:pull request #\d+ from |(?:remote-tracking )?branch ')(?:[^\s']*\/)?revert-/i;
const GOES_BACK = /^revert|\broll(?:ed|ing|s)?[\s-]?backs?\b|\bdowngrad(?:e|ed|es|ing)\b/i;
const STARTS_WITH_REVERT = /^revert/i;
/** `v1.2`, `v1.2.3`, `v0.6.0-beta.1`; not a longer word or version around it. */
const VERSION = /(?<![\w.-])v\d+(?:\.\d+){1,3}(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?![\w.-]*\w)/;
const VERSION_TAG = /^v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?$/;
/** The longest version the deployment event accepts. */
const MAX_VERSION = 100;

/** The facts in one subject line (`git log`'s `%s`). */
export function readSubject(subject: string): SubjectFacts {
  const merged = MERGED_PULL.exec(subject);
  const squashed = merged ? null : SQUASHED_PULL.exec(subject);
  const pull = Number((merged ?? squashed)?.[1] ?? 0);
  const goesBack = GOES_BACK.test(subject) || MERGED_REVERT_BRANCH.test(subject);
  const version = STARTS_WITH_REVERT.test(subject) ? null : (VERSION.exec(subject)?.[0] ?? null);
  return {
    pullNumber: pull > 0 ? pull : null,
    kind: goesBack ? 'rollback' : 'deploy',
    version: version !== null && version.length <= MAX_VERSION ? version : null,
  };
}

/**
 * The release version among the tags in a `%D` decoration list (`tag: v1.2.3, tag: latest, HEAD -> prod`):
 * a version-like tag (`v1.2.3`, `2.0.0-rc.1`), a final release before a pre-release, else the first other tag;
 * null when no tag points at the commit.
 */
export function readTagVersion(decorations: string): string | null {
  const tags = decorations
    .split(', ')
    .filter((entry) => entry.startsWith('tag: '))
    .map((entry) => entry.slice('tag: '.length).replace(/^refs\/tags\//, ''))
    .filter((tag) => tag !== '' && tag.length <= MAX_VERSION);
  const versions = tags.filter((tag) => VERSION_TAG.test(tag));
  return versions.find((tag) => !/[-+]/.test(tag)) ?? versions[0] ?? tags[0] ?? null;
}
