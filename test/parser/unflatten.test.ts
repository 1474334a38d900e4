import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { looksFlattened, restoreLineBreaks, unflatten } from '../../server/parser/unflatten/index.ts';
import { FLATTENED_TEXTS } from '../bench/pathological.ts';
import { resolveCorpusDir, seedPath } from '../corpus/location.ts';

const CORPUS = resolveCorpusDir(process.env['HINDSIGHT_CORPUS']);
const SEED = seedPath(CORPUS);
const SEED_ORIGINAL = join(CORPUS, 'datahub-pre-quarto-md', '2018-01-25-helm-chart-upgrade.md');

/** What a chat paste or a JSON export does to a document: every white-space run becomes one space. */
function flatten(markdown: string): string {
  return markdown.replace(/\s+/g, ' ').trim();
}

type OutlineEntry = [type: string, depth: number, text: string];

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

/** Text of a node with hard breaks read as spaces and white space collapsed. */
function textOf(node: Nodes): string {
  const walk = (n: Nodes): string => {
    if (n.type === 'break') return ' ';
    if ('value' in n && typeof n.value === 'string') return n.value;
    return 'children' in n ? (n.children as Nodes[]).map(walk).join('') : '';
  };
  return walk(node).replace(/\s+/g, ' ').trim();
}

/**
 * The block structure remark sees: headings (depth), list items (list nesting), paragraphs outside
 * list items, table rows, code blocks and quotes. Consecutive paragraphs are joined into one entry:
 * a paragraph break inside a section cannot survive flattening.
 */
function outline(markdown: string): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const walk = (node: Nodes, listDepth: number, inItem: boolean): void => {
    switch (node.type) {
      case 'heading':
        out.push(['heading', node.depth, textOf(node)]);
        return;
      case 'listItem':
        out.push(['listItem', listDepth, textOf(node)]);
        break;
      case 'paragraph': {
        if (inItem) return;
        const last = out[out.length - 1];
        if (last && last[0] === 'paragraph') last[2] = `${last[2]} ${textOf(node)}`;
        else out.push(['paragraph', 0, textOf(node)]);
        return;
      }
      case 'tableRow':
        out.push(['tableRow', 0, node.children.map(textOf).join(' | ')]);
        return;
      case 'code':
        out.push(['code', 0, `${node.lang ?? ''}: ${textOf(node)}`]);
        return;
      case 'blockquote':
        out.push(['blockquote', 0, '']);
        break;
      case 'definition':
        out.push(['definition', 0, `${node.identifier} ${node.url}`]);
        return;
      default:
        break;
    }
    if ('children' in node) {
      for (const child of node.children as Nodes[]) {
        walk(child, node.type === 'list' ? listDepth + 1 : listDepth, inItem || node.type === 'listItem');
      }
    }
  };
  walk(processor.parse(markdown) as Root, 0, false);
  return out;
}

/** Headings only: what a flattened corpus file must get right first. */
function headingOutline(markdown: string): OutlineEntry[] {
  return outline(markdown).filter(([type]) => type === 'heading');
}

function frontMatterOf(markdown: string): unknown {
  const tree = processor.parse(markdown) as Root;
  const yaml = tree.children.find((node) => node.type === 'yaml');
  return yaml && 'value' in yaml ? parseYaml(yaml.value) : null;
}

/**
 * `original` flattened then restored. Documents under 400 characters do not look flattened, so
 * they go through `restoreLineBreaks`; longer ones must also come back the same from `unflatten`.
 */
function roundTrip(original: string): string {
  const flat = flatten(original);
  const restored = restoreLineBreaks(flat);
  if (flat.length >= 400) expect(unflatten(flat)).toBe(restored);
  return restored;
}

// ---------------------------------------------------------------------------------------------
// Documents written for these tests, in the styles the corpus shows.

const BULLET_TIMELINE = `# 2024-03-02 - Checkout payments failed after a config push

## Summary

Card payments failed for about forty minutes after a configuration change reached production. The change had passed review (see #123) but nobody ran the C# integration suite against it.

## Timeline

All times in UTC.

- 14:02 deploy started for the payments config
- 14:09 error rate alert fired for checkout
- 14:15 - 14:20 rollback attempted and failed
- 14:30 retried in the window 14:25 - 14:30 by hand
- 14:42 fixed config pushed - errors stop

## Impact

Roughly 1,200 orders could not be completed. Retries after 14:45 succeeded.

## Action items

- [ ] Add a canary stage for config pushes (#124)
- [x] Document the rollback path for C# services
- [ ] Alert on payment error rate, owner @dana
`;

const TABLE_TIMELINE = `---
title: "Search results empty: index swap gone wrong"
date: 2023-11-14
severity: SEV2
tags:
  - search
  - storage
---

## Summary

A reindex job swapped in an empty index. Search returned no results for 53 minutes.

## Timeline

All times in CET.

| Time | Event |
| :--- | --- |
| 2023-11-14 09:12 | Reindex job started |
| 2023-11-14 09:40 | Users report empty search results |
| 2023-11-14 09:55 | Query \`title:a \\| b\` still returned nothing |
| 2023-11-14 10:05 | Previous index restored |

## Contributing Factors

- The swap step did not check the document count.
- Alerts only watched latency, not result counts.

## Lessons Learned

- Treat reindexing as a deploy.

# Stats

- Category: Search
- Time to detection: 28 minutes
- Time to recovery: 53 minutes
`;

const CLOSED_HEADINGS = `# 2017-06-02 - Proxy restarts drop user sessions

## Summary ##

The proxy pod restarted twice during a lecture and every open notebook lost its connection.

## Timeline ##

### 2017-06-02 09:15 ###

The proxy pod restarted. Its logs ended with:

\`\`\`
FATAL: out of memory
\`\`\`

### 09:40 ###

We raised the memory limit and the vendor replied:

> The node pool had been resized overnight.

### June 3 10:02 ##

It happened again the next morning.

## Action items ##

### Monitoring ###

1. Alert when the proxy restarts.
1. Track dropped sessions per hour.

### Process ###

1. Announce proxy changes before lectures.
`;

const SRE_STYLE = `# March 3rd, 2021 Build Cluster Outage

Created By: Rin Tamura
Last Modified: 2021-03-05

## Summary

The build cluster stopped scheduling jobs for two hours after a node pool upgrade.

## Lessons learned

### What went well

- Alerts fired within five minutes.

### What went wrong

- The upgrade ran during peak hours.
- Nobody had a runbook for draining stuck pods.

## Timeline

All times in PST, on March 3rd 2021

* [09:05] Node pool upgrade begins. **Outage begins.**
* [09:11] @rin notices jobs pending
* [11:02] Old pool restored. **Outage ends.**

## Action items

1) Schedule upgrades outside peak hours ([#881][issue-881])
2) Write a drain runbook

[issue-881]: https://github.com/example/infra/issues/881
`;

const PROSE_TRAPS = `# Cache stampede on the pricing service

## Background

Pricing reads go through a shared cache that we moved to version 2. Then nobody expected the v0.5.0. Then upgrade to matter; at 7p. Then traffic peaked. Load went from 40 - 60 percent in minutes, the C# client retried and ticket #4411 was opened.

## Root cause

Every cache key expired at the same moment - a side effect of the bulk warmup.

## Detection

### Monitoring

- Dashboards showed p99 latency at 4 seconds.
- The on-call page came 12 minutes later.

## Follow-ups

1. Add jitter to cache expiry.
2. Page on p99 latency.
`;

const TIME_HEADINGS = `# Incident report July 9 2024 - Hub login loop

## Timeline

### 10:02 AM

- Users report being sent back to the login page.
- Engineer confirms the OAuth callback returns 500.

### 10:20 AM

Rolled back the authenticator upgrade.

## Follow-up timeline

| Time | Event
| --- | ---
| 2024-07-10 09:00 | Upstream issue opened
| 2024-07-11 16:30 | Fix released upstream

## Action Items

- [ ] Pin the authenticator version
`;

const NESTED_ACTIONS = `# 2022-09-14 - Staging outage blocks deploys

## Summary

Staging was down for a day, and changes went to production untested.

## Action items

1. Harden the deploy pipeline:
   - Require a green staging run.
   - Block merges when staging is down.
2. Write the incident runbook.

## Appendix

<!-- Links to dashboards go here -->

\`\`\`bash
kubectl get pods -n staging # shows the crash loop
\`\`\`
`;

const DOCUMENTS: Record<string, string> = {
  'bullet timeline, checkboxes, #123 and C# in prose': BULLET_TIMELINE,
  'front matter, a table timeline, a second H1': TABLE_TIMELINE,
  'closed ATX headings, lazy numbering, a fence and a quote': CLOSED_HEADINGS,
  'SRE style: ordinal-date title, metadata lines, * timeline, reference definitions': SRE_STYLE,
  'prose with dashes, numbers and periods that are not lists': PROSE_TRAPS,
  'time headings over bullets, a table without closing pipes': TIME_HEADINGS,
  'bullets nested in a numbered item, a comment and a fence with info string': NESTED_ACTIONS,
};

describe('unflatten: the founding seed', () => {
  const present = existsSync(SEED) && existsSync(SEED_ORIGINAL);
  if (!present) console.log(`unflatten seed test skipped: ${SEED} or ${SEED_ORIGINAL} is absent`);

  it.skipIf(!present)('restores the outline of the original report', () => {
    const seed = readFileSync(SEED, 'utf8');
    const original = readFileSync(SEED_ORIGINAL, 'utf8');
    expect(looksFlattened(seed)).toBe(true);
    const restored = unflatten(seed);
    expect(restored).not.toBeNull();
    expect(outline(restored ?? '')).toEqual(outline(original));
  });

  it.skipIf(!present)('gives the headings exactly as the original writes them', () => {
    const restored = unflatten(readFileSync(SEED, 'utf8')) ?? '';
    expect(restored.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '# 2018-01-25 - Accidental merge to prod brings things down',
      '## Summary',
      '## Timeline',
      '### 2018-01-25 14:30',
      '### 15:30',
      '### 16:11',
      '### 16:35',
      '## Conclusion',
      '## Action items',
      '### Process',
    ]);
  });
});

describe('unflatten: documents in several styles', () => {
  for (const [name, original] of Object.entries(DOCUMENTS)) {
    it(`restores the outline: ${name}`, () => {
      expect(outline(roundTrip(original))).toEqual(outline(original));
    });
  }

  it('restores these documents byte for byte where nothing was lost', () => {
    for (const original of [BULLET_TIMELINE, TABLE_TIMELINE, CLOSED_HEADINGS, PROSE_TRAPS, TIME_HEADINGS, NESTED_ACTIONS]) {
      expect(roundTrip(original)).toBe(original);
    }
  });

  it('keeps front matter values and sequences', () => {
    expect(frontMatterOf(roundTrip(TABLE_TIMELINE))).toEqual({
      title: 'Search results empty: index swap gone wrong',
      date: '2023-11-14',
      severity: 'SEV2',
      tags: ['search', 'storage'],
    });
  });

  it('keeps issue-template front matter with quoted colons and flow sequences', () => {
    const original = `---
name: "Hub Incident"
about: "Report an incident: what broke and when."
title: "[Incident] {{ Hubs throwing 505 errors }}"
labels: ["type: Hub Incident", "support"]
assignees: ""
---

# Summary

Two pull requests were merged to production at 2 AM and every hub using the new image failed to start.

# Timeline

### 2022-01-20 02:00

The image rebuild began.
`;
    const restored = roundTrip(original);
    expect(restored).toBe(original);
    expect(frontMatterOf(restored)).toEqual({
      name: 'Hub Incident',
      about: 'Report an incident: what broke and when.',
      title: '[Incident] {{ Hubs throwing 505 errors }}',
      labels: ['type: Hub Incident', 'support'],
      assignees: '',
    });
  });

  it('ends date/time headings after the stamp, its range, meridiem and zone', () => {
    const restored = roundTrip(`# Title of the report

## Timeline

### 2017-02-09 00:25 - 00:29 AM

The database was overwritten.

### May 1 2019, 3:18 PM PDT

Users noticed errors.

### ~16:06:00 - 16:16:00

Nodes were recreated.

### 16:05:57-58

The proxy died.

### 12:29p

Back up.

### {{ 2022-01-20 Between 02:00 and 02.30 PM }}

Template residue.
`);
    expect(restored.split('\n').filter((line) => line.startsWith('###'))).toEqual([
      '### 2017-02-09 00:25 - 00:29 AM',
      '### May 1 2019, 3:18 PM PDT',
      '### ~16:06:00 - 16:16:00',
      '### 16:05:57-58',
      '### 12:29p',
      '### {{ 2022-01-20 Between 02:00 and 02.30 PM }}',
    ]);
  });

  it('ends other headings at a section name, a parenthetical or a sentence start', () => {
    const restored = roundTrip(`# Disk pressure on the build nodes

## Timeline (times in BST)

Everything below is from the on-call log.

## Impact on users

Builds queued for an hour.

## What Didn't Go So Well?

Paging was slow.

## Hub information

The affected hub was the shared one, with about three hundred users online at the time of the incident.

### #ops chat log

Edited for clarity and length before it was pasted here for the record.

## Where we got lucky

It happened on a Sunday.
`);
    expect(restored.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '# Disk pressure on the build nodes',
      '## Timeline (times in BST)',
      '## Impact on users',
      "## What Didn't Go So Well?",
      '## Hub information',
      '### #ops chat log',
      '## Where we got lucky',
    ]);
  });

  it('gives a plain-lines timeline one paragraph per time, and metadata lines their breaks', () => {
    const flat = flatten(`# 2025-02-11 - Notebook storage filled up

Created By: Ana Ruiz
Last Modified: 2025-02-12

## Timeline

## February 11

1:03
First alert fires

5:00
Engineers acknowledge the alert

5:05 AM
Incident declared at 5:05 AM by the on-call engineer

February 12 9:30 AM
Storage expanded and the alert clears
`);
    expect(restoreLineBreaks(flat)).toBe(`# 2025-02-11 - Notebook storage filled up

Created By: Ana Ruiz
Last Modified: 2025-02-12

## Timeline

## February 11

1:03 First alert fires

5:00 Engineers acknowledge the alert

5:05 AM Incident declared at 5:05 AM by the on-call engineer

February 12 9:30 AM Storage expanded and the alert clears
`);
  });

  it('keeps date lines between lists as their own paragraphs', () => {
    const original = `## Timeline

All times in PST

2019-01-22

- 2:54 PM: config change merged
- 3:10 PM: first failures reported

2019-01-23

- 8:04 AM: on-call starts the rollback
`;
    expect(roundTrip(original)).toBe(original);
  });

  it('rebuilds quote lines, also after a code block interrupts a chat log', () => {
    const original = `## Appendix

> alice [9:14 AM] the deploy is stuck
>
> bob [9:15 AM] looking

\`\`\`
kubectl get pods
\`\`\`

that is odd (edited)

> bob [9:20 AM] rolling back now
`;
    expect(roundTrip(original)).toBe(original);
    expect(outline(roundTrip(original))).toEqual(outline(original));
  });

  it('does not split #12 references, C#, code spans or link text', () => {
    const original = `# Queue backlog

## Summary

The fix from #12 and # 13 was reverted; the C# worker and \`grep -c '## ' log\` agreed, see [the ## notes - part 2](https://example.com/#/a - b).

## Timeline

### 09:00

Backlog noticed.
`;
    expect(roundTrip(original)).toBe(original);
  });
});

describe('unflatten: the corpus, flattened', () => {
  const files = existsSync(CORPUS) ? corpusFiles(CORPUS) : [];
  if (files.length === 0) console.log(`unflatten corpus test skipped: ${CORPUS} is absent`);

  it.skipIf(files.length === 0)('restores the heading outline of most corpus files', () => {
    let identical = 0;
    let notFlattenedLooking = 0;
    const differing: string[] = [];
    for (const file of files) {
      const original = readFileSync(file, 'utf8');
      const restored = unflatten(flatten(original));
      if (restored === null) {
        notFlattenedLooking++;
        continue;
      }
      if (JSON.stringify(headingOutline(restored)) === JSON.stringify(headingOutline(original))) identical++;
      else differing.push(file.slice(CORPUS.length + 1));
    }
    console.log(
      `unflatten corpus: ${identical}/${files.length} files restore an identical heading outline, ` +
        `${notFlattenedLooking} too small or plain to look flattened; differing: ${differing.join(', ') || 'none'}`,
    );
    expect(identical).toBeGreaterThanOrEqual(93);
  });
});

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '_labels') out.push(...corpusFiles(path));
    } else if (!(dir === CORPUS && /^(?:README\.md|FORMATS\.md|MANIFEST\.tsv)$/.test(name))) {
      out.push(path);
    }
  }
  return out;
}

describe('looksFlattened / unflatten: documents that are not flattened', () => {
  it('leaves normal multi-line markdown alone', () => {
    for (const original of Object.values(DOCUMENTS)) {
      expect(looksFlattened(original)).toBe(false);
      expect(unflatten(original)).toBeNull();
    }
  });

  it('leaves short one-liners alone', () => {
    expect(unflatten('# Outage ## Summary It broke. ## Timeline - 14:00 deploy')).toBeNull();
    expect(unflatten('')).toBeNull();
    expect(unflatten('   \n  ')).toBeNull();
  });

  it('leaves a long single paragraph without block markers alone', () => {
    const prose = 'We deployed at 14:00 - the usual time - and it went fine. Then v0.5.0. Then more. '.repeat(8);
    expect(looksFlattened(prose)).toBe(false);
    expect(unflatten(prose)).toBeNull();
  });

  it('needs a heading, table or front matter among the markers', () => {
    const list = `Notes: ${'- an item that is long enough to count. '.repeat(15)}`;
    expect(looksFlattened(list)).toBe(false);
    expect(looksFlattened(`## Notes ${list} ## More`)).toBe(true);
  });

  it('accepts a flattened document with a title line kept on its own line', () => {
    const text = `# Title kept\n${flatten(BULLET_TIMELINE.split('\n').slice(2).join('\n'))}`;
    expect(looksFlattened(text)).toBe(true);
    expect(unflatten(text)?.startsWith('# Title kept\n\n## Summary\n\nCard payments failed')).toBe(true);
  });
});

describe('unflatten: robustness', () => {
  const pieces = [
    '## ', '# ', '### ', '1. ', '2) ', '- ', '* ', '+ ', '> ', '| ', '| --- ', '--- ', '```', '`', '[', ']',
    '(', ')', '<!-- ', ' -->', '{{ ', ' }}', '\\|', 'Summary ', 'Timeline ', 'The ', '14:30 ', '2018-01-25 ',
    'word ', 'x. ', ': ', '"', "'", 'title: ', '[ ] ', '[x] ', '#12 ', 'C# ', '~', '\n', ' ',
  ];
  const markdownish = fc.array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 400 }).map((parts) => parts.join(''));

  it('never throws and only inserts white space (and quote markers)', () => {
    fc.assert(
      fc.property(markdownish, fc.string({ maxLength: 60 }), (text, noise) => {
        const input = `${text}${noise}`;
        const restored = restoreLineBreaks(input);
        const strip = (value: string): string => value.replace(/>/g, '').replace(/\s+/g, '');
        expect(strip(restored)).toBe(strip(input));
      }),
      { numRuns: 300 },
    );
  });

  it('restores everything that looks flattened (no internal failure falls back)', () => {
    const prefix = '## Summary It broke. ## Timeline ';
    fc.assert(
      fc.property(markdownish, (text) => {
        if (looksFlattened(text)) expect(unflatten(text)).toBe(restoreLineBreaks(text));
        expect(restoreLineBreaks(`${prefix}${text}`).startsWith('## Summary\n\nIt broke.\n\n## Timeline')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expect(() => unflatten(text)).not.toThrow();
        expect(() => looksFlattened(text)).not.toThrow();
        expect(() => restoreLineBreaks(text)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  // How the time grows on these: `npm run bench -- --only pathological`.
  it('restores long adversarial strings, only inserting white space (and quote markers)', () => {
    const strip = (value: string): string => value.replace(/>/g, '').replace(/\s+/g, '');
    for (const input of FLATTENED_TEXTS.map((p) => p.build())) {
      const restored = unflatten(input);
      if (!looksFlattened(input)) {
        expect(restored).toBeNull();
        continue;
      }
      expect(restored).not.toBeNull();
      expect(strip(restored ?? '')).toBe(strip(input));
    }
  });
});
