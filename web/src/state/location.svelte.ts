/**
 * Where the app is: the URL's path and query as state, the route they show, and navigation through the History
 * API, so links are shareable and back/forward work. The one writer of the URL.
 */
import { matchRoute, type Route } from '../lib/routes.ts';

// Read at load, so the first view rendered is the one the URL names (not the list, loaded and then cancelled).
let current = $state(typeof window === 'undefined' ? { path: '/', search: '' } : { path: window.location.pathname, search: window.location.search });
const route = $derived<Route>(matchRoute(current.path));

/** The current path, query string (`?a=b` or empty) and route. */
export const here = {
  get path(): string {
    return current.path;
  },
  get search(): string {
    return current.search;
  },
  get route(): Route {
    return route;
  },
};

/**
 * Goes to `url` (a path with an optional query, on this site). `replace` rewrites the current history entry
 * instead of adding one (typing in a search box should not fill the back button). A new path scrolls to the top,
 * and so does any URL with `scroll` (a followed link: the next page of a list starts at its top); a filter change
 * keeps the place.
 */
export function navigate(url: string, options: { replace?: boolean; scroll?: boolean } = {}): void {
  const target = new URL(url, window.location.href);
  if (target.origin !== window.location.origin) {
    window.location.assign(target.href);
    return;
  }
  const next = target.pathname + target.search + target.hash;
  if (next === window.location.pathname + window.location.search + window.location.hash) return;
  if (options.replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  const pathChanged = target.pathname !== current.path;
  read();
  if ((pathChanged || options.scroll) && !target.hash) window.scrollTo(0, 0);
}

/**
 * Sets the URL's `#fragment` (`entry-12`; empty: none) without a history entry and without a navigation: a marker
 * of a place on the page (a link to it), not a new page.
 */
export function replaceHash(hash: string): void {
  const url = `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`;
  history.replaceState(history.state, '', url);
}

/** Starts following the browser: back/forward, and clicks on same-site links handled without a page load. */
export function startRouter(): () => void {
  read();
  const onPop = () => read();
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || !anchor.hasAttribute('href')) return;
    // Links inside a rendered postmortem are the author's: they open as the browser would.
    if (anchor.closest('[data-external-links]')) return;
    const href = new URL(anchor.href, window.location.href);
    if (href.origin !== window.location.origin || href.pathname.startsWith('/api/') || href.pathname.startsWith('/docs')) return;
    event.preventDefault();
    navigate(href.pathname + href.search + href.hash, { scroll: true });
  };
  window.addEventListener('popstate', onPop);
  document.addEventListener('click', onClick);
  return () => {
    window.removeEventListener('popstate', onPop);
    document.removeEventListener('click', onClick);
  };
}

function read(): void {
  current = { path: window.location.pathname, search: window.location.search };
}
