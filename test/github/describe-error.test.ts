/**
 * `describeGitHubError` on errors Octokit raised from answers recorded from the real GitHub API
 * (`@octokit/fixtures`, replayed by the stand-in), and on errors without an answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, describeGitHubError } from '../../server/github/client.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { readRecording, replayRecording } from '../helpers/github-standin-recordings.ts';

let github: GitHubStandIn;

beforeEach(async () => {
  github = await startGitHubStandIn();
});
afterEach(() => github.close());

const client = () => createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1, spaceWrites: false });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

describe('recorded GitHub errors', () => {
  it('names a 422 and its validation errors (errors recording)', async () => {
    replayRecording(github, readRecording('errors'));
    const error = await rejection(client().rest.issues.createLabel({ owner: 'octokit-fixture-org', repo: 'errors', name: 'foo', color: 'invalid' }));
    expect(describeGitHubError(error)).toBe('POST /repos/octokit-fixture-org/errors/labels: 422 Validation Failed (Label.color invalid)');
    expect(github.requests).toHaveLength(1);
  });

  it("uses GitHub's message for a 404 (branch-protection recording)", async () => {
    replayRecording(github, readRecording('branch-protection').filter((exchange) => exchange.status === 404));
    const error = await rejection(client().rest.repos.getBranchProtection({ owner: 'octokit-fixture-org', repo: 'branch-protection', branch: 'main' }));
    expect(describeGitHubError(error)).toBe('GET /repos/octokit-fixture-org/branch-protection/branches/main/protection: 404 Branch not protected');
  });

  it('reads a recorded rate-limit reset normalized to milliseconds', async () => {
    const [exchange] = readRecording('branch-protection').filter((e) => e.status === 404);
    replayRecording(github, [{ ...exchange!, status: 403, headers: { ...exchange!.headers, 'x-ratelimit-remaining': '0' } }]);
    const error = await rejection(
      createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1, rateLimitRetries: 0 }).rest.repos.getBranchProtection({
        owner: 'octokit-fixture-org',
        repo: 'branch-protection',
        branch: 'main',
      }),
    );
    // The recording's reset is 1507651200000 (ms, as normalized): 2017-10-10T16:00:00Z.
    expect(describeGitHubError(error)).toBe('GET /repos/octokit-fixture-org/branch-protection/branches/main/protection: rate limit exceeded (resets at 2017-10-10T16:00:00Z)');
  });
});

describe('errors without an answer', () => {
  it('passes on the network error', async () => {
    const closed = github.url;
    await github.close();
    const error = await rejection(createGitHubClient({ baseUrl: closed, retries: 0 }).rest.repos.get({ owner: 'acme', repo: 'web' }));
    expect(describeGitHubError(error)).toMatch(/^GET \/repos\/acme\/web: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    github = await startGitHubStandIn();
  });

  it('describes other errors by their message', () => {
    expect(describeGitHubError(new Error('something else'))).toBe('something else');
    expect(describeGitHubError('plain text')).toBe('plain text');
  });
});
