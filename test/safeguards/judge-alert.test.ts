import { describe, expect, it } from 'vitest';
import { judgeAlertRule as judge } from '../../server/safeguards/judge.ts';

/** Whether the judgement found the alert in place. */
const judgeAlertRule = (...args: Parameters<typeof judge>) => {
  const judgement = judge(...args);
  return 'inPlace' in judgement ? judgement : { inPlace: null, detail: judgement.undecided };
};

const rules = (body: string) => `groups:\n  - name: hub\n    rules:\n${body}`;

describe('judgeAlertRule', () => {
  it('finds an alert defined as a rule, not one only mentioned in a comment or another rule', () => {
    const disabled = rules(
      ['      # - alert: DatahubProdHubDown   (disabled while we move hosts)', '      - alert: Other', '        expr: ALERTS{alertname="DatahubProdHubDown"} == 0'].join('\n'),
    );
    expect(judgeAlertRule(disabled, 'deploy/alerts/hub.yml', 'main', 'DatahubProdHubDown')).toEqual({
      inPlace: false,
      detail: 'deploy/alerts/hub.yml on main does not define the alert DatahubProdHubDown',
    });
    const defined = rules(['      - alert: DatahubProdHubDown', '        expr: up{job="hub"} == 0', '        for: 2m'].join('\n'));
    expect(judgeAlertRule(defined, 'deploy/alerts/hub.yml', 'main', 'DatahubProdHubDown').inPlace).toBe(true);
  });

  it('reads other files line by line, skipping the comments of their kind', () => {
    expect(judgeAlertRule('# DatahubProdHubDown\nALERT Other', 'hub.rules', 'main', 'DatahubProdHubDown').inPlace).toBe(false);
    expect(judgeAlertRule('# old\nALERT DatahubProdHubDown', 'hub.rules', 'main', 'DatahubProdHubDown').inPlace).toBe(true);
    expect(judgeAlertRule('// DatahubProdHubDown\n{}', 'hub.jsonnet', 'main', 'DatahubProdHubDown').inPlace).toBe(false);
    // In markdown a '#' line is a heading, not a comment.
    expect(judgeAlertRule('# DatahubProdHubDown\nPages the admin.', 'runbook.md', 'main', 'DatahubProdHubDown').inPlace).toBe(true);
    expect(judgeAlertRule(null, 'a.rules', 'main', 'X')).toEqual({ inPlace: false, detail: 'a.rules is not on main' });
  });
});
