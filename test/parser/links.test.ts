import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Nodes, Root } from 'mdast';
import type { Link } from '../../server/domain/postmortem.ts';
import { bareUrlLength, collectDefinitions, extractLinks, linkFromUrl } from '../../server/parser/links.ts';
import { URL_TAILS } from '../bench/pathological.ts';

const parse = (markdown: string): Root =>
  unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(markdown);

/** Links of a whole markdown snippet, definitions taken from the same snippet. */
function links(markdown: string, opts?: { repo?: string | null; githubHosts?: string[] }): Link[] {
  const tree = parse(markdown);
  return extractLinks(tree, collectDefinitions(tree), opts);
}

const issue = (repo: string | null, number: number, url: string | null = repo && `https://github.com/${repo}/issues/${number}`): Link =>
  ({ url, repo, number, kind: 'issue' });

describe('collectDefinitions', () => {
  it('keys definitions by normalised label, first one wins, wherever they sit', () => {
    const tree = parse(
      ['Text.', '', '[#11134]: https://github.com/acme/widgets/pull/11134', '[Some   Label]: https://a.example/1',
        '[some label]: https://a.example/2', '', '> [quoted]: https://a.example/q'].join('\n'),
    );
    const definitions = collectDefinitions(tree);
    expect([...definitions.keys()]).toEqual(['#11134', 'some label', 'quoted']);
    expect(definitions.get('some label')?.url).toBe('https://a.example/1');
  });

  it('returns an empty map for a tree without definitions', () => {
    expect(collectDefinitions(parse('# Title\n\nNo links here.')).size).toBe(0);
  });
});

describe('linkFromUrl', () => {
  it.each<[string, Link]>([
    ['https://github.com/acme/widgets/issues/12', issue('acme/widgets', 12)],
    ['https://github.com/acme/widgets/pull/34', { url: 'https://github.com/acme/widgets/pull/34', repo: 'acme/widgets', number: 34, kind: 'pull' }],
    ['https://github.com/acme/widgets/pull/34/files#diff-abc', { url: 'https://github.com/acme/widgets/pull/34/files#diff-abc', repo: 'acme/widgets', number: 34, kind: 'pull' }],
    ['https://github.com/acme/widgets/pull/34/commits/0123abcd', { url: 'https://github.com/acme/widgets/pull/34/commits/0123abcd', repo: 'acme/widgets', number: 34, kind: 'pull' }],
    ['https://github.com/acme/widgets/issues/56#issuecomment-987654', { url: 'https://github.com/acme/widgets/issues/56#issuecomment-987654', repo: 'acme/widgets', number: 56, kind: 'issue' }],
    ['https://github.com/acme/widgets/commit/0123456789abcdef', { url: 'https://github.com/acme/widgets/commit/0123456789abcdef', repo: 'acme/widgets', number: null, kind: 'commit' }],
    ['http://www.github.com/acme/widgets/issues/7/', { url: 'http://www.github.com/acme/widgets/issues/7/', repo: 'acme/widgets', number: 7, kind: 'issue' }],
    ['github.com/acme/widgets/issues/8', { url: 'github.com/acme/widgets/issues/8', repo: 'acme/widgets', number: 8, kind: 'issue' }],
    ['  https://github.com/acme/widgets/issues/9  ', issue('acme/widgets', 9)],
  ])('reads %s', (url, expected) => {
    expect(linkFromUrl(url)).toEqual(expected);
  });

  it.each([
    'https://github.com/acme/widgets',
    'https://github.com/acme/widgets/tree/main/docs',
    'https://github.com/acme/widgets/issues',
    'https://github.com/acme/widgets/issues/0',
    'https://github.com/acme/widgets/issues/abc',
    'https://github.com/acme/widgets/commit/not-a-sha',
    'https://github.com/acme/widgets/actions/runs/123',
    'https://gitlab.com/acme/widgets/-/issues/12',
    'https://example.com/acme/widgets/issues/12',
    'PM2019-009%20-%20Some%20report.md',
    'http://[::1',
    '',
  ])('reads %s as other', (url) => {
    expect(linkFromUrl(url)).toEqual({ url: url.trim(), repo: null, number: null, kind: 'other' });
  });

  it('reads GitHub Enterprise hosts only when listed', () => {
    const url = 'https://github.corp.example/team/service/issues/3';
    expect(linkFromUrl(url).kind).toBe('other');
    expect(linkFromUrl(url, ['GitHub.Corp.Example'])).toEqual({ url, repo: 'team/service', number: 3, kind: 'issue' });
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (url) => {
      expect(linkFromUrl(url).url).toBe(url.trim());
    }));
    fc.assert(fc.property(fc.webUrl(), (url) => {
      expect(['issue', 'pull', 'commit', 'other']).toContain(linkFromUrl(url).kind);
    }));
  });
});

describe('extractLinks', () => {
  it('reads inline links with a number or a word as text', () => {
    expect(links('- Fix it ([#12829](https://github.com/acme/test-infra/issues/12829))')).toEqual([
      issue('acme/test-infra', 12829),
    ]);
    expect(links('1. Abstract the proxy. [Issue](https://github.com/acme/hub/issues/848) and [PR](https://github.com/acme/hub/pull/850)')).toEqual([
      issue('acme/hub', 848),
      { url: 'https://github.com/acme/hub/pull/850', repo: 'acme/hub', number: 850, kind: 'pull' },
    ]);
  });

  it('reads autolinks and bare URLs', () => {
    expect(links('- Set limits <https://github.com/acme/infra/issues/90>')).toEqual([issue('acme/infra', 90)]);
    expect(links('- [x] Harden contexts — https://github.com/acme/infra/pull/6555.')).toEqual([
      { url: 'https://github.com/acme/infra/pull/6555', repo: 'acme/infra', number: 6555, kind: 'pull' },
    ]);
  });

  it('resolves reference-style links through the definitions', () => {
    const markdown = ['- Keep the run from being undone: [#11134]', '- See [the fix][fix PR]', '',
      '[#11134]: https://github.com/acme/test-infra/pull/11134', '[Fix  pr]: https://github.com/acme/test-infra/pull/11135'].join('\n');
    const tree = parse(markdown);
    const definitions = collectDefinitions(tree);
    const list = tree.children[0];
    expect(list?.type).toBe('list');
    expect(extractLinks(list as Nodes, definitions)).toEqual([
      { url: 'https://github.com/acme/test-infra/pull/11134', repo: 'acme/test-infra', number: 11134, kind: 'pull' },
      { url: 'https://github.com/acme/test-infra/pull/11135', repo: 'acme/test-infra', number: 11135, kind: 'pull' },
    ]);
  });

  it('reads an undefined reference `[#11134]` as a bare number', () => {
    expect(links('- Ensure it is not reverted: [#11134]')).toEqual([issue(null, 11134)]);
  });

  it('resolves bare `#12` and `GH-12` against opts.repo, and reads owner/repo#12', () => {
    expect(links('- #2127')).toEqual([issue(null, 2127)]);
    expect(links('- #2127 and GH-9', { repo: 'acme/infra' })).toEqual([issue('acme/infra', 2127), issue('acme/infra', 9)]);
    expect(links('- Track acme/chp#434 upstream, see #12')).toEqual([issue('acme/chp', 434), issue(null, 12)]);
    expect(links('Merged PR #1237 and pull request acme/chp#435', { repo: 'acme/infra' })).toEqual([
      { url: 'https://github.com/acme/infra/pull/1237', repo: 'acme/infra', number: 1237, kind: 'pull' },
      { url: 'https://github.com/acme/chp/pull/435', repo: 'acme/chp', number: 435, kind: 'pull' },
    ]);
  });

  it('keeps other links as kind other', () => {
    expect(links('Use [hubtraf](https://github.com/acme/hubtraf) and [docs](https://docs.example.com/a#b) and [PM2019-009](PM2019-009%20-%20IP.md)')).toEqual([
      { url: 'https://github.com/acme/hubtraf', repo: null, number: null, kind: 'other' },
      { url: 'https://docs.example.com/a#b', repo: null, number: null, kind: 'other' },
      { url: 'PM2019-009%20-%20IP.md', repo: null, number: null, kind: 'other' },
    ]);
  });

  it('leaves out URLs that run or embed something instead of pointing somewhere', () => {
    const markdown = [
      '- [a](javascript:alert(1)) [b](JavaScript:void(0)) [c](vbscript:x) [d](data:text/html,hi) [e](file:///etc/passwd)',
      '  [f](java\tscript:alert(1)) [g](https://example.com/ok)',
    ].join('\n');
    expect(links(markdown).map((link) => link.url)).toEqual(['https://example.com/ok']);
  });

  it('reads GitHub Enterprise URLs only for listed hosts', () => {
    const markdown = '- Fix https://git.corp.example/team/api/pull/5';
    expect(links(markdown)).toEqual([{ url: 'https://git.corp.example/team/api/pull/5', repo: null, number: null, kind: 'other' }]);
    expect(links(markdown, { githubHosts: ['git.corp.example'] })).toEqual([
      { url: 'https://git.corp.example/team/api/pull/5', repo: 'team/api', number: 5, kind: 'pull' },
    ]);
  });

  it('deduplicates by issue number and by URL, keeping the first in order of appearance', () => {
    const markdown = [
      '1. {{[Develop a test process](https://github.com/acme/hub/issues/2953) for staging}} [link to github issue](https://github.com/acme/hub/issues/2953)]',
      '   see https://github.com/acme/hub/pull/2953/files and acme/hub#2953 and <https://docs.example.com/x> [again](https://docs.example.com/x#y)',
    ].join('\n');
    expect(links(markdown)).toEqual([
      issue('acme/hub', 2953),
      { url: 'https://docs.example.com/x', repo: null, number: null, kind: 'other' },
    ]);
  });

  it('includes links in nested sub-bullets of the node it is given', () => {
    expect(links('- [ ] hold a retrospective https://github.com/acme/meta/issues/2194\n  - https://github.com/acme/meta/issues/2217')).toEqual([
      issue('acme/meta', 2194),
      issue('acme/meta', 2217),
    ]);
  });

  it.each([
    ['C# and F# code', 'Port the C# client and F#7 scripts'],
    ['Slack channels', 'Ask in #testing-ops and #ops'],
    ['PagerDuty and Jira keys', 'Deploy a new pool (Jira DH-259), see PD-123 and ABC-123'],
    ['prose numbers', 'This is issue 12 in our tracker'],
    ['tickets of other systems', 'Freshdesk ticket #3310 and PagerDuty #77 and incident #4'],
    ['inline code', 'Run `git log #1` first'],
    ['code fences', '```\nfixes #12\n```'],
    ['headings', '## #testing-ops thread\n\n### 12:30'],
    ['HTML', '<!-- fixes #12, see https://github.com/acme/x/issues/1 -->'],
    ['colours and hashes', 'Colour #ff0000 and #12abc'],
    ['images', '![#12](https://github.com/acme/x/issues/12/screenshot.png)'],
    ['mail and anchors', 'Mail <ops@example.com>, see [above](#timeline)'],
  ])('finds no reference in %s', (_name, markdown) => {
    expect(links(markdown)).toEqual([]);
  });

  it('reads no reference from a `#` inside a URL', () => {
    expect(links('See https://example.com/page#12 and https://example.com/#/34')).toEqual([
      { url: 'https://example.com/page#12', repo: null, number: null, kind: 'other' },
      { url: 'https://example.com/#/34', repo: null, number: null, kind: 'other' },
    ]);
  });

  it('reads a text node given directly', () => {
    expect(extractLinks({ type: 'text', value: 'see #5, GH-6 and `#7`' }, new Map(), { repo: 'acme/x' })).toEqual([
      issue('acme/x', 5),
      issue('acme/x', 6),
    ]);
  });

  it('never throws on arbitrary markdown', () => {
    const pieces = fc.constantFrom('#1', 'GH-2', 'a/b#3', '[#4]', '[#4]: https://github.com/a/b/pull/4\n', '<https://github.com/a/b/issues/5>',
      'https://github.com/', '`#6`', '\n- ', '\n> ', '](', '[x', '~~', '\n\n', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), pieces), { maxLength: 12 }), (parts) => {
        const found = links(parts.join(''), { repo: 'a/b' });
        expect(Array.isArray(found)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('bareUrlLength', () => {
  it.each<[string, string]>([
    ['https://github.com/example-org/x/issues/1">', 'https://github.com/example-org/x/issues/1'],
    ['https://github.com/example-org/x/issues/1">issue</a>', 'https://github.com/example-org/x/issues/1'],
    ["https://x.test/a'.", 'https://x.test/a'],
    ['https://x.test/a?!.,;:*_~', 'https://x.test/a'],
    ['https://x.test/a_b.c', 'https://x.test/a_b.c'],
    ['https://x.test/a&b', 'https://x.test/a&b'],
    ['https://x.test/a&quot;&gt;', 'https://x.test/a'],
    ['https://x.test/a).', 'https://x.test/a'],
    ['https://x.test/a_(b)).', 'https://x.test/a_(b)'],
    ["https://x.test/a(')", 'https://x.test/a('],
    ['https://x.test/a[1]]', 'https://x.test/a[1'],
    ['https://x.test/a[1]b', 'https://x.test/a[1]b'],
    ['https://x.test/a{1}', 'https://x.test/a{1}'],
    ["https://x.test/O'Brien?q=1&r=2#top", "https://x.test/O'Brien?q=1&r=2#top"],
    ['https://x.test/a<b', 'https://x.test/a'],
    ['https://x.test/a"b', 'https://x.test/a"b'],
    ['www.x.test/a">', 'www.x.test/a'],
  ])('ends %s at %s', (text, url) => {
    expect(text.slice(0, bareUrlLength(text))).toBe(url);
  });

  // How the time grows on these: `npm run bench -- --only pathological`.
  it('ends URLs right on long adversarial input', () => {
    const [closing, entities, dots, opening] = URL_TAILS.map((input) => input.build());
    for (const text of [closing, entities, dots]) expect(bareUrlLength(text ?? '')).toBe('https://x.test/'.length);
    expect(bareUrlLength(opening ?? '')).toBe(opening?.length);
  });
});

describe('extractLinks: where a bare URL ends', () => {
  const textLinks = (value: string): Link[] => extractLinks({ type: 'text', value }, new Map());

  it('reads pasted HTML after a bare URL as the end of it', () => {
    expect(links('- Track https://github.com/example-org/x/issues/1">')).toEqual([issue('example-org/x', 1)]);
    expect(links('- Track www.github.com/example-org/x/issues/2">')).toEqual([
      { url: 'http://www.github.com/example-org/x/issues/2', repo: 'example-org/x', number: 2, kind: 'issue' },
    ]);
    expect(textLinks('Track https://github.com/example-org/x/issues/1">')).toEqual([issue('example-org/x', 1)]);
  });

  it.each([
    'see https://github.com/example-org/x/issues/1">',
    'see https://github.com/example-org/x/issues/1">#3 done',
    'see (https://github.com/example-org/x/issues/1).',
    "see 'https://github.com/example-org/x/issues/1'!",
    'see https://github.com/example-org/x/issues/1?!',
    'see https://github.com/example-org/x/pull/2/files#diff-1).',
    'see https://en.wikipedia.org/wiki/Foo_(bar)), ok',
    'see https://x.test/a[1]] and https://x.test/b}',
    'see https://x.test/a&amp;b&quot;.',
    "see https://x.test/O'Brien.",
  ])('reads the same links from remark-gfm autolinks and from plain text: %s', (text) => {
    const fromMarkdown = links(text);
    expect(fromMarkdown.length).toBeGreaterThan(0);
    expect(textLinks(text)).toEqual(fromMarkdown);
  });

  it('reads the same links from remark-gfm autolinks and from plain text, for any ending', () => {
    const ending = fc.constantFrom('a', '1', '/', '.', ',', ';', ':', '!', '?', "'", '"', '(', ')', '[', ']', '{', '}', '>', '-', '#', '=', ' ', '&');
    fc.assert(
      fc.property(fc.array(ending, { maxLength: 12 }), (parts) => {
        const text = `see https://github.com/o/r/issues/1${parts.join('')} end`;
        expect(textLinks(text)).toEqual(links(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps URLs written in angle brackets or as link targets as written', () => {
    expect(links('<https://github.com/example-org/x/issues/1">')).toEqual([
      { url: 'https://github.com/example-org/x/issues/1"', repo: null, number: null, kind: 'other' },
    ]);
    expect(links('[https://x.test/a.](https://x.test/a.)')).toEqual([{ url: 'https://x.test/a.', repo: null, number: null, kind: 'other' }]);
  });
});
