/**
 * Real git repositories in temporary folders, with commits, `--no-ff` merges and tags at given times and by given
 * people, for tests and benchmarks of the git importers. `createGitRepo` builds one step by step with ordinary git
 * commands; `fastImportRepo` builds a long history in one `git fast-import` run (100,000 commits in seconds).
 * Git runs hermetically: no global or system config, none of the caller's `GIT_*` variables, no signing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempFolder, type TempFolder } from './temp-folder.ts';

/** A time: ISO-8601 with an offset or `Z` (the offset is kept in the commit), a `Date`, or Unix milliseconds. */
export type GitTime = string | Date | number;

export interface CommitOptions {
  /** When the commit was made and landed: its author and committer date. */
  at: GitTime;
  message: string;
  /** Author name; the email is made from it (`Ryan Lovett` → `ryan.lovett@example.com`). Default `Test Author`. */
  author?: string;
  /** Committer name (`GitHub` for a merge made on github.com). Default: the author. */
  committer?: string;
  /** Files to write and add (path → content). Default: one new file, so merges never conflict. */
  files?: Record<string, string>;
}

export interface TagOptions {
  /** Makes an annotated tag with this message. Default: a lightweight tag. */
  message?: string;
  /** The tagger date of an annotated tag. Default 2000-01-01T00:00:00Z. */
  at?: GitTime;
}

export interface GitRepo {
  /** The repository's folder (its work tree). */
  root: string;
  /** Runs `git ...args` in the repository and returns its stdout, trimmed. Throws when git fails. */
  git(args: string[], env?: Record<string, string>): string;
  /** The full sha a revision names (`prod`, `prod~1`, `v1.0.0`). */
  sha(revision: string): string;
  /** Creates branch `name` at revision `from`. */
  branch(name: string, from: string): void;
  /** Commits on `branch` (an existing branch, or the unborn first one) and returns the new sha. */
  commit(branch: string, options: CommitOptions): string;
  /** Merges branch `from` into branch `into` with a merge commit (`--no-ff`) and returns its sha. */
  merge(from: string, into: string, options: Omit<CommitOptions, 'files'>): string;
  /** Tags `revision` as `name`. */
  tag(name: string, revision: string, options?: TagOptions): void;
  /** Adds remote `name` with `url`, or changes its URL. */
  setRemote(name: string, url: string): void;
  /** A `git clone` of this repository in a new temporary folder: its branches become `origin/...`. */
  clone(): GitRepo;
  /** Removes the folder (and those of its clones). */
  cleanup(): void;
}

/** An empty repository whose first branch is `main`. */
export function createGitRepo(): GitRepo {
  const folder = tempFolder();
  run(folder.root, ['init', '-q', '-b', 'main', '--template=', '.']);
  return wrap(folder);
}

export interface ImportedCommit {
  /** The branch the commit goes on. Default `main`. */
  branch?: string;
  /** For a branch's first commit: the branch whose tip it starts from. Default: a root commit. */
  from?: string;
  at: GitTime;
  message: string;
  /** Default `Test Author`. */
  author?: string;
  /** Default: the author. */
  committer?: string;
  /** Makes it a merge: the tip of this branch becomes the second parent (the tree stays the first parent's). */
  merge?: string;
  /** A lightweight tag on the commit. */
  tag?: string;
}

/** A repository holding `commits`, written in order by one `git fast-import` run. */
export function fastImportRepo(commits: Iterable<ImportedCommit>): GitRepo {
  const folder = tempFolder();
  run(folder.root, ['init', '-q', '-b', 'main', '--template=', '.']);
  const chunks: Buffer[] = [];
  const tips = new Map<string, number>();
  const data = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    chunks.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  let mark = 0;
  for (const commit of commits) {
    mark += 1;
    const branch = commit.branch ?? 'main';
    const author = commit.author ?? DEFAULT_AUTHOR;
    const date = rawDate(commit.at);
    chunks.push(Buffer.from(`commit refs/heads/${branch}\nmark :${mark}\n`));
    chunks.push(Buffer.from(`author ${identity(author)} ${date}\ncommitter ${identity(commit.committer ?? author)} ${date}\n`));
    data(commit.message);
    if (!tips.has(branch) && commit.from !== undefined) chunks.push(Buffer.from(`from :${tipOf(tips, commit.from)}\n`));
    if (commit.merge !== undefined) chunks.push(Buffer.from(`merge :${tipOf(tips, commit.merge)}\n`));
    chunks.push(Buffer.from(`M 100644 inline ${branch}.txt\n`));
    data(`${mark}\n`);
    chunks.push(Buffer.from('\n'));
    if (commit.tag !== undefined) chunks.push(Buffer.from(`reset refs/tags/${commit.tag}\nfrom :${mark}\n\n`));
    tips.set(branch, mark);
  }
  const result = spawnSync('git', ['fast-import', '--quiet', '--date-format=raw'], {
    cwd: folder.root,
    env: hermetic(),
    input: Buffer.concat(chunks),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`git fast-import failed: ${result.stderr?.toString() ?? result.error?.message}`);
  const repo = wrap(folder);
  if (tips.has('main')) repo.git(['reset', '-q', '--hard']);
  return repo;
}

const DEFAULT_AUTHOR = 'Test Author';
const DEFAULT_TAG_TIME = '2000-01-01T00:00:00Z';

function wrap(folder: TempFolder): GitRepo {
  const root = folder.root;
  const clones: GitRepo[] = [];
  let files = 0;
  const git = (args: string[], env: Record<string, string> = {}) => run(root, args, env);
  const dated = (options: Omit<CommitOptions, 'files'>) => {
    const author = options.author ?? DEFAULT_AUTHOR;
    const committer = options.committer ?? author;
    const date = `@${rawDate(options.at)}`;
    return {
      GIT_AUTHOR_NAME: author,
      GIT_AUTHOR_EMAIL: email(author),
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer,
      GIT_COMMITTER_EMAIL: email(committer),
      GIT_COMMITTER_DATE: date,
    };
  };
  const switchTo = (branch: string) => {
    if (git(['branch', '--show-current']) !== branch) git(['switch', '-q', branch]);
  };
  const repo: GitRepo = {
    root,
    git,
    sha: (revision) => git(['rev-parse', '--verify', '--end-of-options', `${revision}^{commit}`]),
    branch(name, from) {
      git(['branch', '--end-of-options', name, from]);
    },
    commit(branch, options) {
      switchTo(branch);
      const written = options.files ?? { [`changes/${(files += 1)}.txt`]: `${options.message}\n` };
      for (const [path, content] of Object.entries(written)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      git(['add', '--', ...Object.keys(written)]);
      git(['commit', '-q', '--allow-empty', '--cleanup=verbatim', '-m', options.message], dated(options));
      return git(['rev-parse', 'HEAD']);
    },
    merge(from, into, options) {
      switchTo(into);
      git(['merge', '-q', '--no-ff', '--no-edit', '--cleanup=verbatim', '-m', options.message, '--end-of-options', from], dated(options));
      return git(['rev-parse', 'HEAD']);
    },
    tag(name, revision, options = {}) {
      if (options.message === undefined) git(['tag', '--end-of-options', name, revision]);
      else git(['tag', '-a', '-m', options.message, '--end-of-options', name, revision], dated({ at: options.at ?? DEFAULT_TAG_TIME, message: '' }));
    },
    setRemote(name, url) {
      const remotes = git(['remote']).split('\n');
      git(remotes.includes(name) ? ['remote', 'set-url', name, url] : ['remote', 'add', name, url]);
    },
    clone() {
      const target = tempFolder();
      run(target.root, ['clone', '-q', '--template=', root, '.']);
      const copy = wrap(target);
      clones.push(copy);
      return copy;
    },
    cleanup() {
      for (const copy of clones) copy.cleanup();
      folder.cleanup();
    },
  };
  return repo;
}

function run(cwd: string, args: string[], env: Record<string, string> = {}): string {
  const config = ['-c', 'user.name=Test Author', '-c', 'user.email=test.author@example.com', '-c', 'commit.gpgSign=false', '-c', 'tag.gpgSign=false'];
  return execFileSync('git', [...config, ...args], { cwd, env: { ...hermetic(), ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 }).trim();
}

/** The caller's environment without any `GIT_*` variable (a hook's `GIT_DIR` would redirect every command), no user config. */
function hermetic(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('GIT_')) env[name] = value;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
}

function identity(name: string): string {
  return `${name} <${email(name)}>`;
}

function email(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '') || 'someone'}@example.com`;
}

function tipOf(tips: Map<string, number>, branch: string): number {
  const tip = tips.get(branch);
  if (tip === undefined) throw new Error(`fastImportRepo: branch "${branch}" has no commit yet`);
  return tip;
}

/** `1516923000 -0800`: git's raw date, keeping the offset an ISO time was written with. */
function rawDate(at: GitTime): string {
  if (typeof at !== 'string') return `${Math.floor(new Date(at).getTime() / 1000)} +0000`;
  const ms = Date.parse(at);
  const offset = /(?:([+-])(\d{2}):?(\d{2})|Z)$/i.exec(at.trim());
  if (Number.isNaN(ms) || !offset) throw new Error(`"${at}" is not an ISO time with an offset or Z`);
  return `${Math.floor(ms / 1000)} ${offset[1] ? `${offset[1]}${offset[2]}${offset[3]}` : '+0000'}`;
}
