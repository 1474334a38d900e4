/**
 * GitHub's pagination for the stand-in's list endpoints: `per_page` (default 30, at most 100) and `page`
 * (default 1), and the `Link` header exactly as GitHub writes it: `rel="prev"`, `"next"`, `"last"`, `"first"` in
 * that order, each only when it applies, the request's query kept with `page` set (see the `paginate-issues`
 * recording in `@octokit/fixtures`). One page, no header.
 */

/** GitHub's default page size. */
export const DEFAULT_PER_PAGE = 30;
/** The largest page GitHub serves; larger `per_page` values are cut to it. */
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** The `Link` header, or null when there is only one page. */
  link: string | null;
}

/**
 * The page of `items` the query asks for. `linkUrl` is the list's URL without query as GitHub writes it in links
 * (for repository lists `https://api.github.com/repositories/{id}/...`, whatever form the request used).
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams, linkUrl: string): Page<T> {
  const perPage = clamp(readPositive(query.get('per_page')) ?? DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = readPositive(query.get('page')) ?? 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const url = (n: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(n));
    return `<${linkUrl}?${params.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${url(page - 1)}; rel="prev"`);
  if (page < last) rels.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) rels.push(`${url(1)}; rel="first"`);
  return { items: items.slice((page - 1) * perPage, page * perPage), link: rels.length > 0 ? rels.join(', ') : null };
}

function readPositive(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
