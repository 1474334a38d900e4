/** Incident slugs: the URL name of an incident, derived from its file path so it is stable and readable. */

/**
 * The slug of a postmortem at `relativePath` (relative to the postmortems folder, `/`-separated): the path
 * without its extension, lower-cased, accents dropped, every run of other characters a single `-`, folders
 * joined with `-` (`2018/01-25 Hub Outage.md` → `2018-01-25-hub-outage`). Never empty: a name with no letters or
 * digits becomes `incident`.
 */
export function slugFromPath(relativePath: string): string {
  const withoutExtension = relativePath.replace(/\.[A-Za-z0-9]+$/, '');
  const slug = withoutExtension
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'incident';
}

/**
 * `slug` made unique against `taken`: itself when free, else `slug-2`, `slug-3`, ... (two files like
 * `a/b.md` and `a-b.md` would otherwise share one).
 */
export function uniqueSlug(slug: string, taken: (candidate: string) => boolean): string {
  if (!taken(slug)) return slug;
  for (let n = 2; ; n += 1) {
    const candidate = `${slug}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
