/** Where a request comes from: this machine, or another web page. */

/** Whether `ip` is a loopback address: 127.0.0.0/8, `::1`, or either mapped into IPv6 (`::ffff:127.0.0.1`). */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
  return v4 === '::1' || ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Whether a browser sent the request from another site: `Sec-Fetch-Site: cross-site`, or (for browsers that do
 * not send that) an `Origin` whose host differs from the `Host` the request was sent to. Requests without these
 * headers (curl, the CLI) are not cross-site.
 */
export function isCrossSite(headers: { 'sec-fetch-site'?: string | string[] | undefined; origin?: string | undefined; host?: string | undefined }): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = headers.origin;
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== (headers.host ?? '');
  } catch {
    return true;
  }
}

/**
 * Whether the `Host` header names this machine (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`, with any port).
 * A page on another site that rebinds its own domain name to 127.0.0.1 (DNS rebinding) reaches a local server
 * with its own name in `Host`, and looks same-site to the browser: this tells it apart. No header: not local.
 */
export function isLocalHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
