/**
 * Many synthetic incidents (raw inserts in one transaction, fast), each with a realistic stored parse, timeline,
 * action items, links and search row: for checking that queries stay fast at scale.
 */
import type { Database } from '../../../server/db/connection.ts';

const WORDS = ['database', 'deploy', 'certificate', 'broker', 'disk', 'cache', 'queue', 'latency', 'dns', 'ingress', 'timeout', 'memory'];
const STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;

/** Inserts `count` incidents dated over ~27 years; returns nothing. Item statuses and due dates vary by index. */
export function seedMany(database: Database, count: number): void {
  const { sqlite } = database;
  const incident = sqlite.prepare(`INSERT INTO incidents (slug, source_path, title, date, timezone, summary, severity,
      started_at, detected_at, resolved_at, detect_seconds, resolve_seconds, milestones, parsed, markdown, file_hash, updated_at, removed_at)
    VALUES (@slug, @path, @title, @date, 'UTC', @summary, @severity, @started, @detected, @resolved, @detect, @resolve, @milestones,
      @parsed, @markdown, @hash, @updated, @removed)`);
  const tag = sqlite.prepare('INSERT INTO incident_tags (incident_id, tag) VALUES (?, ?)');
  const entry = sqlite.prepare(`INSERT INTO timeline_entries (incident_id, position, date, time, at, timezone, approximate, text, kind, line)
    VALUES (?, ?, ?, ?, ?, 'UTC', 0, ?, 'other', ?)`);
  const item = sqlite.prepare(`INSERT INTO action_items (incident_id, position, text, "group", owner, due, line, status, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01T00:00:00Z')`);
  const link = sqlite.prepare(`INSERT INTO action_item_links (action_item_id, source, ref, url, repo, number, kind)
    VALUES (?, 'markdown', ?, ?, 'example-org/app', ?, 'issue')`);
  const search = sqlite.prepare('INSERT INTO incident_search (rowid, title, summary, timeline, action_items) VALUES (?, ?, ?, ?, ?)');

  sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const word = WORDS[i % WORDS.length]!;
      const other = WORDS[(i * 7 + 3) % WORDS.length]!;
      const day = new Date(Date.UTC(1998, 0, 1) + (i % 10000) * 86400000).toISOString().slice(0, 10);
      const title = `Incident ${i}: ${word} trouble after ${other} change`;
      const timeline = Array.from({ length: 10 }, (_, n) => ({
        date: day, time: `1${n}:00`, endTime: null, at: `${day}T1${n}:00:00Z`, timezone: 'UTC', approximate: false,
        text: `step ${n} of ${word} handling, ${other} checked`, kind: 'other', line: 20 + n,
      }));
      const items = Array.from({ length: 3 }, (_, n) => ({
        text: `Fix ${word} ${n} for incident ${i}`, group: n === 0 ? 'Monitoring' : null, done: null, owner: 'alice',
        due: n === 1 ? day : null, links: [], line: 40 + n,
      }));
      const parsed = {
        file: `${i}.md`, title, date: day, timezone: 'UTC', timezoneSource: 'declared', declaredTimezone: 'UTC',
        summary: `The ${word} broke when ${other} changed.`,
        sections: Array.from({ length: 8 }, (_, n) => ({ heading: `Section ${n}`, kind: 'other', line: n * 5 + 1 })),
        timeline, milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
        actionItems: items, metadata: { severity: `SEV-${i % 3}` },
        diagnostics: [{ severity: 'warning', code: 'timezone-assumed', message: 'assumed', line: null }],
      };
      const markdown = `# ${title}\n\n${parsed.summary}\n\n## Timeline\n\n${timeline.map((e) => `- ${e.time} ${e.text}`).join('\n')}\n\n## Action items\n\n${items.map((it) => `- [ ] ${it.text}`).join('\n')}\n`;
      const id = Number(
        incident.run({
          slug: `incident-${i}`, path: `${i}.md`, title, date: day, summary: parsed.summary, severity: `SEV-${i % 3}`,
          started: `${day}T10:00:00Z`, detected: `${day}T10:10:00Z`, resolved: `${day}T12:00:00Z`, detect: 600 + (i % 50), resolve: 7200 + (i % 100),
          milestones: JSON.stringify(parsed.milestones), parsed: JSON.stringify(parsed), markdown, hash: `h${i}`,
          updated: '2024-01-01T00:00:00Z', removed: i % 50 === 0 ? '2024-02-01T00:00:00Z' : null,
        }).lastInsertRowid,
      );
      tag.run(id, word);
      timeline.forEach((e, n) => entry.run(id, n, day, e.time, e.at, e.text, e.line));
      items.forEach((it, n) => {
        const itemId = Number(item.run(id, n, it.text, it.group, it.owner, it.due, it.line, STATUSES[(i + n) % 4]).lastInsertRowid);
        if (n === 0) link.run(itemId, `https://github.com/example-org/app/issues/${i}`, `https://github.com/example-org/app/issues/${i}`, i);
      });
      search.run(id, title, parsed.summary, timeline.map((e) => e.text).join('\n'), items.map((it) => it.text).join('\n'));
    }
  })();
}
