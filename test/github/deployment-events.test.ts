/**
 * GitHub deployment, deployment-status and push payloads (shaped as GitHub's webhook documentation shows them)
 * mapped to deployment events.
 */
import { describe, expect, it } from 'vitest';
import { eventFromDeployment, eventFromDeploymentPayload, eventFromPushPayload, type GitHubPushLike } from '../../server/github/deployment-events.ts';

const creator = { login: 'octocat', id: 1, node_id: 'MDQ6VXNlcjE=', type: 'User', site_admin: false };

function deployment(fields: Record<string, unknown> = {}) {
  return {
    url: 'https://api.github.com/repos/acme/web/deployments/42',
    id: 42,
    node_id: 'MDEwOkRlcGxveW1lbnQ0Mg==',
    sha: 'A84D88E7554FC1FA21BCBC4EFAE3C782A70D2B9D',
    ref: 'main',
    task: 'deploy',
    payload: {},
    original_environment: 'production',
    environment: 'production',
    description: 'Deploy request from hubot',
    creator,
    created_at: '2024-05-01T12:00:00Z',
    updated_at: '2024-05-01T12:00:00Z',
    statuses_url: 'https://api.github.com/repos/acme/web/deployments/42/statuses',
    repository_url: 'https://api.github.com/repos/acme/web',
    transient_environment: false,
    production_environment: true,
    ...fields,
  };
}

function status(state: string, createdAt: string, fields: Record<string, unknown> = {}) {
  return {
    url: 'https://api.github.com/repos/acme/web/deployments/42/statuses/1',
    id: Date.parse(createdAt) / 1000,
    state,
    creator,
    description: '',
    environment: 'production',
    target_url: '',
    log_url: '',
    environment_url: '',
    created_at: createdAt,
    updated_at: createdAt,
    deployment_url: 'https://api.github.com/repos/acme/web/deployments/42',
    repository_url: 'https://api.github.com/repos/acme/web',
    ...fields,
  };
}

describe('eventFromDeploymentPayload (deployment and deployment_status webhooks)', () => {
  it('maps a new deployment: queued since it was created', () => {
    expect(eventFromDeploymentPayload('acme/web', deployment(), null)).toEqual({
      event: {
        key: 'github:acme/web:42',
        environment: 'production',
        service: null,
        repo: 'acme/web',
        ref: 'main',
        sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
        pullNumber: null,
        version: null,
        kind: 'deploy',
        status: 'queued',
        startedAt: '2024-05-01T12:00:00Z',
        finishedAt: null,
        statusAt: '2024-05-01T12:00:00Z',
        actor: 'octocat',
        url: null,
        description: 'Deploy request from hubot',
        source: 'webhook',
      },
    });
  });

  it('takes status, finish and link from the status reported', () => {
    const { event } = eventFromDeploymentPayload(
      'acme/web',
      deployment(),
      status('success', '2024-05-01T12:04:00Z', { log_url: 'https://ci.example.com/runs/7', target_url: 'https://ci.example.com/old' }),
    );
    expect(event).toMatchObject({ status: 'success', statusAt: '2024-05-01T12:04:00Z', finishedAt: '2024-05-01T12:04:00Z', url: 'https://ci.example.com/runs/7' });
  });

  it.each([
    ['pending', 'queued', null],
    ['queued', 'queued', null],
    ['in_progress', 'in-progress', null],
    ['failure', 'failure', '2024-05-01T12:04:00Z'],
    ['error', 'error', '2024-05-01T12:04:00Z'],
    ['inactive', 'inactive', null],
  ])('reads state %s as %s', (state, expected, finishedAt) => {
    const { event } = eventFromDeploymentPayload('acme/web', deployment(), status(state, '2024-05-01T12:04:00Z'));
    expect(event).toMatchObject({ status: expected, finishedAt });
  });

  it('falls back to target_url when log_url is empty, as GitHub sends it', () => {
    const { event } = eventFromDeploymentPayload('acme/web', deployment(), status('success', '2024-05-01T12:04:00Z', { target_url: 'https://ci.example.com/legacy' }));
    expect(event?.url).toBe('https://ci.example.com/legacy');
  });

  it('has the same key whatever the source', () => {
    const fromWebhook = eventFromDeploymentPayload('acme/web', deployment(), null).event!;
    const fromImport = eventFromDeployment('acme/web', deployment(), [], 'github').event!;
    expect(fromImport.key).toBe(fromWebhook.key);
    expect(fromImport.source).toBe('github');
  });

  it.each([
    ['payload rollback: true', { payload: { rollback: true } }],
    ['payload as a JSON string', { payload: '{"rollback":true,"service":"api"}' }],
    ['payload kind', { payload: { kind: 'rollback' } }],
    ['task', { task: 'deploy:rollback' }],
    ['a revert description', { description: 'Revert "Add caching" (#41)' }],
    ['a rolled-back description', { description: 'Rolled back to v1.4.2' }],
  ])('detects a rollback from the %s', (_name, fields) => {
    expect(eventFromDeploymentPayload('acme/web', deployment(fields), null).event?.kind).toBe('rollback');
  });

  it('keeps an ordinary deployment a deploy', () => {
    expect(eventFromDeploymentPayload('acme/web', deployment({ payload: '{"rollback": false}', description: 'Deploy #12 (#12)' }), null).event).toMatchObject({
      kind: 'deploy',
      pullNumber: 12,
    });
  });

  it('reads the service from the payload and the version from a version-tag ref', () => {
    expect(eventFromDeploymentPayload('acme/web', deployment({ payload: '{"service":"api"}', ref: 'v1.2.3' }), null).event).toMatchObject({ service: 'api', version: 'v1.2.3' });
    expect(eventFromDeploymentPayload('acme/web', deployment({ payload: { service: 7 }, ref: 'refs/tags/2.0.0-rc.1' }), null).event).toMatchObject({ service: null, version: '2.0.0-rc.1' });
    expect(eventFromDeploymentPayload('acme/web', deployment({ payload: 'not json', ref: 'release-2' }), null).event).toMatchObject({ service: null, version: null });
  });

  it('keeps a deployment whose creator was deleted', () => {
    expect(eventFromDeploymentPayload('acme/web', deployment({ creator: null }), null).event?.actor).toBeNull();
  });

  it('reports what it cannot map', () => {
    expect(eventFromDeploymentPayload('acme/web', deployment({ id: undefined }), null).problems).toEqual([{ field: 'key', message: 'the deployment has no id' }]);
    expect(eventFromDeploymentPayload('acme/web', deployment({ created_at: 'yesterday' }), null).problems?.[0]?.field).toBe('startedAt');
    expect(eventFromDeploymentPayload('acme/web', null as never, null).problems?.[0]?.field).toBe('deployment');
    expect(eventFromDeploymentPayload('acme/web', deployment({ environment: null }), null).problems?.[0]?.field).toBe('environment');
  });
});

describe('eventFromDeployment (statuses listed)', () => {
  const statuses = [
    status('pending', '2024-05-01T12:00:05Z'),
    status('inactive', '2024-05-02T09:00:00Z'),
    status('success', '2024-05-01T12:04:00Z', { log_url: 'https://ci.example.com/runs/7' }),
    status('in_progress', '2024-05-01T12:01:00Z'),
  ];

  it('takes the newest status whatever the order, and the finish from the newest terminal one', () => {
    expect(eventFromDeployment('acme/web', deployment(), statuses, 'github').event).toMatchObject({
      status: 'inactive',
      statusAt: '2024-05-02T09:00:00Z',
      finishedAt: '2024-05-01T12:04:00Z',
      url: null,
    });
  });

  it('leaves a deployment whose statuses could not be read queued, at no known time', () => {
    expect(eventFromDeployment('acme/web', deployment(), null, 'github').event).toMatchObject({ status: 'queued', statusAt: null, finishedAt: null });
  });
});

function push(fields: Partial<GitHubPushLike> & Record<string, unknown> = {}): GitHubPushLike {
  return {
    ref: 'refs/heads/prod',
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: 'https://github.com/acme/web/compare/6113728f27ae...0d1a26e67d8f',
    commits: [],
    head_commit: {
      id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
      tree_id: 'f9d2a07e9488b91af2641b26b9407fe22a451433',
      distinct: true,
      message: 'Merge pull request #12 from acme/cache-headers\n\nAdd cache headers',
      timestamp: '2024-05-01T14:00:00+02:00',
      url: 'https://github.com/acme/web/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
      author: { name: 'Mona Lisa', email: 'mona@example.com', username: 'mona' },
      committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
    },
    repository: { id: 1, name: 'web', full_name: 'acme/web' },
    pusher: { name: 'mona', email: 'mona@example.com' },
    sender: { login: 'mona', id: 2 },
    ...fields,
  } as GitHubPushLike;
}

const deployBranches = (branch: string) => (branch === 'prod' ? 'production' : branch === 'stage' ? 'staging' : null);
const receivedAt = '2024-05-01T12:00:30Z';

describe('eventFromPushPayload', () => {
  it('maps a merged pull request pushed to a deploy branch', () => {
    expect(eventFromPushPayload(push(), deployBranches, receivedAt)).toEqual({
      event: {
        key: 'git:production:0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        environment: 'production',
        service: null,
        repo: 'acme/web',
        ref: 'prod',
        sha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        pullNumber: 12,
        version: null,
        kind: 'deploy',
        status: 'success',
        startedAt: '2024-05-01T12:00:00Z',
        finishedAt: null,
        statusAt: null,
        actor: 'mona',
        url: 'https://github.com/acme/web/compare/6113728f27ae...0d1a26e67d8f',
        description: 'Merge pull request #12 from acme/cache-headers',
        source: 'webhook',
      },
    });
  });

  it('reads a squashed pull request and a revert', () => {
    const squashed = push({ head_commit: { message: 'Add cache headers (#12)\n\n* first\n* second', timestamp: '2024-05-01T12:00:00Z', url: null } });
    expect(eventFromPushPayload(squashed, deployBranches, receivedAt)?.event).toMatchObject({ pullNumber: 12, kind: 'deploy' });
    const reverted = push({ head_commit: { message: 'Revert "Add cache headers (#12)"\n\nThis reverts commit 0d1a26e.', timestamp: '2024-05-01T12:00:00Z' } });
    expect(eventFromPushPayload(reverted, deployBranches, receivedAt)?.event).toMatchObject({ kind: 'rollback', description: 'Revert "Add cache headers (#12)"' });
    const revertMerged = push({ head_commit: { message: 'Merge pull request #13 from acme/revert-12-cache-headers\n\nRevert "Add cache headers"', timestamp: '2024-05-01T12:00:00Z' } });
    expect(eventFromPushPayload(revertMerged, deployBranches, receivedAt)?.event).toMatchObject({ kind: 'rollback', pullNumber: 13 });
    const titledRevert = push({ head_commit: { message: 'Merge pull request #14 from acme/undo\n\nRevert the cache headers', timestamp: '2024-05-01T12:00:00Z' } });
    expect(eventFromPushPayload(titledRevert, deployBranches, receivedAt)?.event?.kind).toBe('rollback');
  });

  it('uses the time received, the head commit URL and the sender when the payload lacks the others', () => {
    const bare = push({ head_commit: { message: 'Fix', url: 'https://github.com/acme/web/commit/0d1a26e' }, compare: undefined, pusher: {} });
    expect(eventFromPushPayload(bare, deployBranches, receivedAt)?.event).toMatchObject({
      startedAt: receivedAt,
      url: 'https://github.com/acme/web/commit/0d1a26e',
      actor: 'mona',
    });
    expect(eventFromPushPayload(push({ head_commit: null }), deployBranches, receivedAt)?.event).toMatchObject({ description: null, startedAt: receivedAt });
  });

  it('ignores deletions, tags and branches that do not deploy', () => {
    expect(eventFromPushPayload(push({ deleted: true, after: '0000000000000000000000000000000000000000', head_commit: null }), deployBranches, receivedAt)).toBeNull();
    expect(eventFromPushPayload(push({ after: '0000000000000000000000000000000000000000' }), deployBranches, receivedAt)).toBeNull();
    expect(eventFromPushPayload(push({ ref: 'refs/tags/v1.0.0' }), deployBranches, receivedAt)).toBeNull();
    expect(eventFromPushPayload(push({ ref: 'refs/heads/feature/x' }), deployBranches, receivedAt)).toBeNull();
  });

  it('reports a payload it cannot map', () => {
    expect(eventFromPushPayload(push({ repository: { full_name: 'not a repo' } }), deployBranches, receivedAt)?.problems?.[0]?.field).toBe('repo');
    expect(eventFromPushPayload('push' as never, deployBranches, receivedAt)?.problems).toHaveLength(1);
  });
});
