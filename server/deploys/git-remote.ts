/**
 * The `owner/name` of a GitHub repository from a git remote URL, so commit and pull request links can be built
 * for a local clone. Pure; never throws.
 */

/**
 * `owner/name` when `url` is a remote on one of `hosts` (default: github.com; case-insensitive), in any form git
 * accepts: `https://github.com/owner/name.git`, `https://user:token@github.com/owner/name`,
 * `git@github.com:owner/name.git`, `ssh://git@github.com:22/owner/name`, `git://github.com/owner/name`.
 * Null for any other host, a path, or a URL with more or fewer than two path parts.
 */
export function githubRepoFromRemote(url: string, hosts: readonly string[] = ['github.com']): string | null {
  const wanted = new Set(hosts.map((host) => host.toLowerCase()));
  const text = url.trim();
  let host: string;
  let path: string;
  const scheme = /^(?:https?|ssh|git|git\+ssh|ssh\+git):\/\/(?:[^@/]*@)?([^/:]+)(?::\d*)?\/(.*)$/i.exec(text);
  const scp = scheme ? null : /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.*)$/.exec(text);
  if (scheme) [host, path] = [scheme[1]!, scheme[2]!];
  else if (scp) [host, path] = [scp[1]!, scp[2]!];
  else return null;
  if (!wanted.has(host.toLowerCase())) return null;
  const parts = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/i, '').split('/');
  if (parts.length !== 2) return null;
  const [owner, name] = parts as [string, string];
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(owner) || !/^[A-Za-z0-9._-]{1,100}$/.test(name) || name === '.' || name === '..') return null;
  return `${owner}/${name}`;
}

/** The host of a web base URL (`https://github.example.com` → `github.example.com`); null when it is not a URL. */
export function webHost(webUrl: string): string | null {
  try {
    return new URL(webUrl).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}
