/**
 * Which ref a deploy branch name means in a clone, from the clone's list of full ref names (`git for-each-ref
 * refs/heads refs/remotes`). Pure; never throws.
 */

export interface ResolvedBranch {
  /** The full ref name, safe to hand to git (`refs/remotes/origin/prod`). */
  ref: string;
  /** As people write it (`prod`, `origin/prod`). */
  name: string;
  /** The branch without its remote (`prod`): the ref an event deployed. */
  branch: string;
}

/**
 * Finds `name` among `refs`, in this order: the local branch `name`; the remote-tracking branch `name`
 * (`origin/prod`); `origin/name`; the one remote's `name` when a single remote has it. Full names
 * (`refs/heads/prod`, `refs/remotes/origin/prod`) are taken as they are. Null when none matches or it is ambiguous.
 */
export function resolveBranch(name: string, refs: readonly string[]): ResolvedBranch | null {
  const known = new Set(refs);
  const remotes = refs.filter((ref) => ref.startsWith('refs/remotes/') && !ref.endsWith('/HEAD'));
  const local = (ref: string) => ({ ref, name: ref.slice('refs/heads/'.length), branch: ref.slice('refs/heads/'.length) });
  const remote = (ref: string) => {
    const short = ref.slice('refs/remotes/'.length);
    return { ref, name: short, branch: short.slice(short.indexOf('/') + 1) };
  };
  if (name.startsWith('refs/heads/')) return known.has(name) ? local(name) : null;
  if (name.startsWith('refs/remotes/')) return known.has(name) && remotes.includes(name) ? remote(name) : null;
  if (known.has(`refs/heads/${name}`)) return local(`refs/heads/${name}`);
  if (remotes.includes(`refs/remotes/${name}`)) return remote(`refs/remotes/${name}`);
  if (remotes.includes(`refs/remotes/origin/${name}`)) return remote(`refs/remotes/origin/${name}`);
  const elsewhere = remotes.filter((ref) => remote(ref).branch === name);
  return elsewhere.length === 1 ? remote(elsewhere[0]!) : null;
}

/** The branches for a message, local ones first (`main, staging, origin/prod`), at most `limit` then `and N more`. */
export function listBranches(refs: readonly string[], limit = 20): string {
  const local = refs.filter((ref) => ref.startsWith('refs/heads/')).map((ref) => ref.slice('refs/heads/'.length));
  const remote = refs
    .filter((ref) => ref.startsWith('refs/remotes/') && !ref.endsWith('/HEAD'))
    .map((ref) => ref.slice('refs/remotes/'.length));
  const names = [...local.sort(), ...remote.sort()];
  if (names.length === 0) return 'no branches yet';
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `branches: ${shown} and ${names.length - limit} more` : `branches: ${shown}`;
}
