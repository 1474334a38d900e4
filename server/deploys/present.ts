/**
 * Deployments as the API shows them: the stored event plus links to its commit and pull request on GitHub,
 * and an incident's correlation with those links.
 */
import type { StoredDeployment } from '../db/deployment-store.ts';
import type { Correlation } from './correlate.ts';
import { canonicalEnvironment } from './environments.ts';

/** The web address links are built on. Default of `withLinks`: https://github.com. */
export const GITHUB_WEB = 'https://github.com';

export interface PresentedDeployment extends StoredDeployment {
  environmentKey: string;
  commitUrl: string | null;
  pullUrl: string | null;
}

/** The event with `commitUrl` (repo + sha) and `pullUrl` (repo + pullNumber) when they can be built. */
export function withLinks(deployment: StoredDeployment, web = GITHUB_WEB): PresentedDeployment {
  const repo = deployment.repo;
  return {
    ...deployment,
    environmentKey: canonicalEnvironment(deployment.environment),
    commitUrl: repo && deployment.sha ? `${web}/${repo}/commit/${deployment.sha}` : null,
    pullUrl: repo && deployment.pullNumber !== null ? `${web}/${repo}/pull/${deployment.pullNumber}` : null,
  };
}

/** A correlation with every deployment's links, as `GET /api/incidents/:slug/deployments` returns it. */
export function presentCorrelation(correlation: Correlation | null, windowHours: number) {
  if (correlation === null) {
    return {
      windowHours,
      window: null,
      environment: { name: null, source: 'any' as const },
      deployments: [],
      suspect: null,
      noSuspect: 'the postmortem gives no date or time to line deployments up against',
      recovery: null,
      matches: [],
      effectiveStart: null,
      restoreSeconds: null,
    };
  }
  return {
    windowHours,
    ...correlation,
    deployments: correlation.deployments.map((d) => ({ ...d, deployment: withLinks(d.deployment) })),
  };
}
