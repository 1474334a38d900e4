import { describe, expect, it } from 'vitest';
import { incidentContent, searchText, secondsBetween, severityOf, tagsOf } from '../../server/ingest/incident-content.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

describe('what the store keeps of a parse', () => {
  it('takes severity from metadata first, else a SEV-n in the first lines', () => {
    expect(severityOf(parsePostmortem('---\nseverity: major\n---\n# Outage\n'))).toBe('major');
    expect(severityOf(parsePostmortem('# Outage\n\nSeverity: SEV-1\n'))).toBe('SEV-1');
    const chat = '**Incident: uploads rejected** (2024-06-18, sev 2, IC @tomasz)\n\ntext\n';
    expect(severityOf(parsePostmortem(chat), chat)).toBe('SEV-2');
    const late = '# Outage\n\na\n\nb\n\nc\n\nWe called it SEV-1 later.\n';
    expect(severityOf(parsePostmortem(late), late)).toBeNull();
  });

  it('reads tags from tags: and labels:, lower-cased and unique', () => {
    expect(tagsOf(parsePostmortem('---\ntags: [DNS, network]\nlabels: dns, edge\n---\n# x\n'))).toEqual(['dns', 'network', 'edge']);
    expect(tagsOf(parsePostmortem('# x\n'))).toEqual([]);
  });

  it('measures durations only forward', () => {
    expect(secondsBetween('2024-01-01T10:00:00Z', '2024-01-01T10:05:00Z')).toBe(300);
    expect(secondsBetween('2024-01-01T10:05:00Z', '2024-01-01T10:00:00Z')).toBeNull();
    expect(secondsBetween(null, '2024-01-01T10:00:00Z')).toBeNull();
  });

  it('falls back to the mitigation for the time to resolve, and leaves timeline and items out of the stored parse', () => {
    const markdown = '# Outage\n\nDate: 2024-01-01\n\n## Timeline (UTC)\n\n- 10:00 Deploy of v2\n- 10:10 Alert fires\n- 10:40 Rolled back to v1\n\n## Action items\n\n- [ ] Add a canary\n';
    const content = incidentContent(parsePostmortem(markdown), markdown);
    expect([content.detectSeconds, content.resolveSeconds]).toEqual([600, 2400]);
    expect(Object.keys(content.parsed)).not.toContain('timeline');
    expect(Object.keys(content.parsed)).not.toContain('actionItems');
    expect(searchText(parsePostmortem(markdown))).toEqual({
      title: 'Outage',
      summary: '',
      timeline: 'Deploy of v2\nAlert fires\nRolled back to v1',
      actionItems: 'Add a canary',
    });
  });
});
