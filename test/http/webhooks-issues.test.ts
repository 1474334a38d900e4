/**
 * `POST /api/webhooks/github` with GitHub's `issues` and `pull_request` events, over the real app with the example
 * postmortem `2018-01-25-datahub-accidental-prod-merge.md` ingested (its items link example-org/datahub #14, #12
 * and #15). Issue and pull request objects are the GitHub stand-in's (the shapes recorded from the real API); the
 * payload around them follows GitHub's webhook documentation. What is checked goes through `GET /api/action-items`.
 */
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubState } from '../helpers/github-standin-state.ts';
import { exampleFiles, getJson, deploymentApp, type DeploymentTestApp } from './deployment-fixtures.ts';

const SECRET = "It's a Secret to Everybody";
const GITHUB_ADDRESS = '140.82.115.24';
const FILE = '2018-01-25-datahub-accidental-prod-merge.md';
const SLUG = '2018-01-25-datahub-accidental-prod-merge';
const REPO = 'example-org/datahub';

let t: DeploymentTestApp;
let github: GitHubState;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2024-07-01T00:00:00Z');
  github = new GitHubState({ api: 'https://api.github.com', web: 'https://github.com' }, () => clock);
  github.issues.add(REPO, { number: 12, title: 'Travis: show the hub', created_at: '2018-01-26T10:00:00Z' });
  github.issues.add(REPO, { number: 14, title: 'Block merges when staging is down', assignees: ['ana'], created_at: '2018-01-26T10:01:00Z' });
  github.issues.add('example-org/other', { number: 14, title: 'Unrelated', created_at: '2018-01-26T10:01:00Z' });
  t = await deploymentApp({ [FILE]: exampleFiles()[FILE]! }, { webhooks: { secret: SECRET } });
});
afterEach(async () => {
  await t.close();
});

/** Moves the clock a minute on and returns it in GitHub's format. */
function tick(): string {
  clock = new Date(clock.getTime() + 60_000);
  return clock.toISOString().replace('.000Z', 'Z');
}

const sender = () => github.user('ana');
const issuesEvent = (action: string, repo: string, number: number, extra: Record<string, unknown> = {}) => ({
  action,
  issue: github.issues.get(repo, number),
  repository: github.repository(repo),
  sender: sender(),
  ...extra,
});
const pullEvent = (action: string, repo: string, number: number) => ({
  action,
  number,
  pull_request: github.issues.pull(repo, number),
  repository: github.repository(repo),
  sender: sender(),
});

async function deliver(event: string, payload: unknown, signature: string | null | 'wrong' = null): Promise<LightMyRequestResponse> {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/f2b6e8e',
    'x-github-event': event,
    'x-github-delivery': randomUUID(),
  };
  if (signature !== null) headers['x-hub-signature-256'] = signature === 'wrong' ? await sign('another secret', raw) : signature;
  else headers['x-hub-signature-256'] = await sign(SECRET, raw);
  return t.app.inject({ method: 'POST', url: '/api/webhooks/github', payload: raw, headers, remoteAddress: GITHUB_ADDRESS });
}

async function delivered(event: string, payload: unknown, status: number, result: string, detail?: string): Promise<void> {
  const response = await deliver(event, payload);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json()).toEqual({ event, result, detail: detail ?? expect.any(String) });
}

interface ItemView {
  text: string;
  status: string;
  statusSource: string;
  owner: string | null;
  links: { source: string; ref: string; kind: string; state: string | null; stateReason: string | null; syncError: string | null }[];
}

/** The incident's item whose text starts with `start`, through the API. */
async function item(start: string): Promise<ItemView> {
  const page = await getJson<{ items: ItemView[] }>(t.app, `/api/action-items?incident=${SLUG}&limit=100`);
  const found = page.items.find((i) => i.text.startsWith(start));
  if (!found) throw new Error(`no item starting "${start}"`);
  return found;
}

const BLOCK = 'Block merges to production';
const TRAVIS = 'Make the Travis CI view';

describe('issues deliveries', () => {
  it('update the linked item within the request, and a redelivery or an older one changes nothing', async () => {
    github.issues.update(REPO, 14, { state: 'closed', state_reason: 'not_planned', updated_at: tick() });
    const closed = issuesEvent('closed', REPO, 14);
    await delivered('issues', closed, 200, 'updated', 'example-org/datahub#14: 1 link updated, 1 item changed status');
    expect(await item(BLOCK)).toMatchObject({ status: 'wont-do', statusSource: 'github', owner: 'rtorres' });
    expect((await item(BLOCK)).links).toEqual([expect.objectContaining({ source: 'markdown', kind: 'issue', state: 'closed', stateReason: 'not_planned', syncError: null })]);

    await delivered('issues', closed, 200, 'unchanged', 'example-org/datahub#14: nothing new');
    const older = { ...closed, action: 'opened', issue: { ...closed.issue, state: 'open', state_reason: null, updated_at: '2018-01-26T10:01:00Z' } };
    await delivered('issues', older, 200, 'unchanged', 'example-org/datahub#14: older than what 1 link holds');
    expect((await item(BLOCK)).status).toBe('wont-do');

    github.issues.update(REPO, 14, { state: 'open', updated_at: tick() });
    await delivered('issues', issuesEvent('reopened', REPO, 14), 200, 'updated', 'example-org/datahub#14: 1 link updated, 1 item changed status');
    expect((await item(BLOCK)).status).toBe('open');
  });

  it('are ignored when nothing links the issue, and refused unsigned or wrongly signed with nothing changed', async () => {
    github.issues.update('example-org/other', 14, { state: 'closed', updated_at: tick() });
    await delivered('issues', issuesEvent('closed', 'example-org/other', 14), 202, 'ignored', 'nothing links example-org/other#14');

    github.issues.update(REPO, 14, { state: 'closed', updated_at: tick() });
    const payload = issuesEvent('closed', REPO, 14);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      payload: JSON.stringify(payload),
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues' },
      remoteAddress: GITHUB_ADDRESS,
    });
    expect(unsigned.statusCode).toBe(401);
    expect((await deliver('issues', payload, 'wrong')).statusCode).toBe(401);
    expect(await item(BLOCK)).toMatchObject({ status: 'open', statusSource: 'markdown' });
    expect((await item(BLOCK)).links[0]!.state).toBeNull();

    const broken = await deliver('issues', { action: 'closed', issue: { number: 14 }, repository: github.repository(REPO) });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ message: 'issues payload: #14: state undefined is neither open nor closed' });
  });

  it('keep what a deleted or transferred issue last said, and say so on the link', async () => {
    github.issues.update(REPO, 14, { state: 'closed', updated_at: tick() });
    await delivered('issues', issuesEvent('closed', REPO, 14), 200, 'updated');
    await delivered('issues', issuesEvent('deleted', REPO, 14), 200, 'updated', 'example-org/datahub#14 deleted on GitHub: kept what its link last said');
    expect(await item(BLOCK)).toMatchObject({ status: 'done', statusSource: 'github' });
    expect((await item(BLOCK)).links[0]).toMatchObject({ state: 'closed', syncError: 'deleted on GitHub' });
  });
});

describe('pull_request deliveries', () => {
  it('link a pull request that fixes a linked issue: in progress while open, done when merged', async () => {
    github.issues.addPull(REPO, { number: 40, title: 'Travis: print the hub and deployment', body: 'The build log names its target.\n\nFixes #12', created_at: tick() });
    await delivered('pull_request', pullEvent('opened', REPO, 40), 200, 'created', 'example-org/datahub#40: linked to 1 item whose issue it closes, 1 item changed status');
    const opened = await item(TRAVIS);
    expect(opened).toMatchObject({ status: 'in-progress', statusSource: 'github', owner: 'lchen' });
    expect(opened.links.map((l) => [l.source, l.ref, l.kind, l.state])).toEqual([
      ['markdown', 'https://github.com/example-org/datahub/issues/12', 'issue', null],
      ['github', 'https://github.com/example-org/datahub/pull/40', 'pull', 'open'],
    ]);
    await delivered('pull_request', pullEvent('opened', REPO, 40), 200, 'unchanged');

    github.issues.update(REPO, 40, { merged_at: tick() });
    await delivered('pull_request', pullEvent('closed', REPO, 40), 200, 'updated', 'example-org/datahub#40: 1 link updated, 1 item changed status');
    expect(await item(TRAVIS)).toMatchObject({ status: 'done', statusSource: 'github' });
    // GitHub closes the fixed issue when the pull request is merged; that delivery agrees.
    await delivered('issues', issuesEvent('closed', REPO, 12), 200, 'updated', 'example-org/datahub#12: 1 link updated');
    expect(await item(TRAVIS)).toMatchObject({ status: 'done', statusSource: 'github' });
  });

  it('unlink a pull request whose description no longer closes the issue', async () => {
    github.issues.addPull(REPO, { number: 41, title: 'Block merges', body: 'closes example-org/datahub#14', created_at: tick() });
    await delivered('pull_request', pullEvent('opened', REPO, 41), 200, 'created');
    expect((await item(BLOCK)).status).toBe('in-progress');

    github.issues.update(REPO, 41, { body: 'Part of example-org/datahub#14', updated_at: tick() });
    await delivered('pull_request', pullEvent('edited', REPO, 41), 200, 'updated', 'example-org/datahub#41: 1 link updated, unlinked from 1 item, 1 item changed status');
    expect(await item(BLOCK)).toMatchObject({ status: 'open', statusSource: 'markdown' });
    expect((await item(BLOCK)).links.map((l) => l.source)).toEqual(['markdown']);

    github.issues.addPull(REPO, { number: 42, title: 'Docs', body: 'No issue here', created_at: tick() });
    await delivered('pull_request', pullEvent('opened', REPO, 42), 202, 'ignored', 'nothing links example-org/datahub#42');
  });
});
