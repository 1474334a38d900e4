/**
 * The one client of Hindsight's HTTP API. Every call checks the status and either returns the typed body or
 * throws an `ApiError` carrying the server's message; views call it (through the state modules), components never.
 */
import type {
  ActionItemLink,
  ActionItemListQuery,
  ActionItemPage,
  CreateIssueRequest,
  DeploymentListQuery,
  DeploymentPage,
  IncidentDeployments,
  VerdictRequest,
  ErrorResponse,
  Facets,
  FacetsQuery,
  IncidentDetail,
  IncidentListQuery,
  IncidentPage,
  SafeguardAttest,
  SafeguardCreate,
  SafeguardDetail,
  SafeguardList,
  SafeguardListQuery,
  SafeguardVerifyReport,
  SafeguardVerifyRequest,
  Settings,
  Stats,
  StatsQuery,
} from './api-types.ts';

/** A request the server refused or could not answer; `status` 0 means it never got an answer (network). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string = '',
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 401: the server wants a token (`HINDSIGHT_PROTECT_READS`). */
  get needsToken(): boolean {
    return this.status === 401;
  }

  /** 404: the thing asked for does not exist. */
  get notFound(): boolean {
    return this.status === 404;
  }
}

/** A query's values as URL parameters: `undefined`, `null` and `''` are left out. */
export type QueryValues = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x` for the given values in their order (empty string when none is set). */
export function queryString(values: QueryValues): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** What `ApiClient` needs; every field has the default stated. */
export interface ApiClientOptions {
  /** Prefix of every path. Default: `''` (the page's own server). */
  base?: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** The bearer token to send, read on every request. Default: none. */
  token?: () => string | null;
}

/** Typed calls to `/api`. Each accepts an `AbortSignal` so a view can drop an answer it no longer needs. */
export class ApiClient {
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #token: () => string | null;

  constructor(options: ApiClientOptions = {}) {
    this.#base = options.base ?? '';
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#token = options.token ?? (() => null);
  }

  /** `GET /api/incidents`: a page of incidents and the per-month counts of all matching. */
  incidents(query: IncidentListQuery, signal?: AbortSignal): Promise<IncidentPage> {
    return this.#get(`/api/incidents${queryString(query)}`, signal);
  }

  /** `GET /api/incidents/:slug`: one incident in full (a former slug answers with the current one). */
  incident(slug: string, signal?: AbortSignal): Promise<IncidentDetail> {
    return this.#get(`/api/incidents/${encodeURIComponent(slug)}`, signal);
  }

  /** `GET /api/action-items`: a page of action items across incidents. */
  actionItems(query: ActionItemListQuery, signal?: AbortSignal): Promise<ActionItemPage> {
    return this.#get(`/api/action-items${queryString(query)}`, signal);
  }

  /** `GET /api/stats`. */
  stats(query: StatsQuery = {}, signal?: AbortSignal): Promise<Stats> {
    return this.#get(`/api/stats${queryString(query)}`, signal);
  }

  /**
   * `GET /api/facets`: the years, tags, severities, groups and owners there are, for filter menus; each incident
   * facet counted under every filter of `query` but its own. Default: no filter.
   */
  facets(query: FacetsQuery = {}, signal?: AbortSignal): Promise<Facets> {
    return this.#get(`/api/facets${queryString(query)}`, signal);
  }

  /** `GET /api/deployments`: a page of deployment events (with `incidents: true`, the incidents in its span). */
  deployments(query: DeploymentListQuery, signal?: AbortSignal): Promise<DeploymentPage> {
    return this.#get(`/api/deployments${queryString(query)}`, signal);
  }

  /** `GET /api/incidents/:slug/deployments`: the incident lined up against deployments (suspect, recovery ...). */
  incidentDeployments(slug: string, signal?: AbortSignal): Promise<IncidentDeployments> {
    return this.#get(`/api/incidents/${encodeURIComponent(slug)}/deployments`, signal);
  }

  /** `PUT .../deployments/:id/verdict`: confirm or reject a deployment as the incident's cause; answers the new correlation. */
  setVerdict(slug: string, deploymentId: number, verdict: VerdictRequest): Promise<IncidentDeployments> {
    return this.#request('PUT', `/api/incidents/${encodeURIComponent(slug)}/deployments/${deploymentId}/verdict`, verdict);
  }

  /** `DELETE .../deployments/:id/verdict`: withdraw a verdict. */
  clearVerdict(slug: string, deploymentId: number): Promise<IncidentDeployments> {
    return this.#request('DELETE', `/api/incidents/${encodeURIComponent(slug)}/deployments/${deploymentId}/verdict`);
  }

  /**
   * `POST /api/action-items/:id/links`: links an issue, pull request, commit or URL (`ref`: a URL, `owner/repo#12` or
   * `#12`) to an action item; answers the link (its GitHub state comes with the next sync).
   */
  linkItem(itemId: number, ref: string): Promise<ActionItemLink> {
    return this.#request('POST', `/api/action-items/${itemId}/links`, { ref });
  }

  /** `DELETE /api/action-items/:id/links/:linkId`: removes a link added through the service (409 for one in the markdown). */
  unlinkItem(itemId: number, linkId: number): Promise<void> {
    return this.#request('DELETE', `/api/action-items/${itemId}/links/${linkId}`);
  }

  /**
   * `POST /api/action-items/:id/issue`: creates the item's GitHub issue (in `request.repo`, default the server's
   * `HINDSIGHT_REPO`) and links it. 503 when the server has no GitHub token; 409 when the item already has an open
   * issue there (unless `force`).
   */
  createIssue(itemId: number, request: CreateIssueRequest = {}): Promise<ActionItemLink> {
    return this.#request('POST', `/api/action-items/${itemId}/issue`, request);
  }

  /**
   * `GET /api/settings`: how this Hindsight is set up: whether it talks to GitHub, the repository new issues go to,
   * and when the issue sync and the safeguard verification last ran.
   */
  settings(signal?: AbortSignal): Promise<Settings> {
    return this.#get('/api/settings', signal);
  }

  /** `GET /api/safeguards`: the safeguards matching `query`, with the counts by state. */
  safeguards(query: SafeguardListQuery = {}, signal?: AbortSignal): Promise<SafeguardList> {
    return this.#get(`/api/safeguards${queryString(query)}`, signal);
  }

  /** `GET /api/safeguards/:key`: one safeguard with its history of checks. */
  safeguard(key: string, signal?: AbortSignal): Promise<SafeguardDetail> {
    return this.#get(`/api/safeguards/${encodeURIComponent(key)}`, signal);
  }

  /** `POST /api/safeguards`: creates a safeguard through the service (verified on the next run). */
  createSafeguard(fields: SafeguardCreate): Promise<SafeguardDetail> {
    return this.#request('POST', '/api/safeguards', fields);
  }

  /** `DELETE /api/safeguards/:key`: deletes a safeguard created through the service, with its links and history (409 for one from the file). */
  deleteSafeguard(key: string): Promise<void> {
    return this.#request('DELETE', `/api/safeguards/${encodeURIComponent(key)}`);
  }

  /** `POST /api/safeguards/:key/attest`: a person attests that a safeguard no API can check is in place. */
  attestSafeguard(key: string, attestation: SafeguardAttest): Promise<SafeguardDetail> {
    return this.#request('POST', `/api/safeguards/${encodeURIComponent(key)}/attest`, attestation);
  }

  /** `POST /api/safeguards/:key/items`: links a safeguard to an action item it implements. */
  linkSafeguard(key: string, itemId: number): Promise<SafeguardDetail> {
    return this.#request('POST', `/api/safeguards/${encodeURIComponent(key)}/items`, { itemId });
  }

  /** `DELETE /api/safeguards/:key/items/:itemId`: removes a link made through the service. */
  unlinkSafeguard(key: string, itemId: number): Promise<SafeguardDetail> {
    return this.#request('DELETE', `/api/safeguards/${encodeURIComponent(key)}/items/${itemId}`);
  }

  /** `POST /api/safeguards/verify`: verifies the safeguards (`keys`; default all) through GitHub now. 503 without a GitHub token. */
  verifySafeguards(request: SafeguardVerifyRequest = {}): Promise<SafeguardVerifyReport> {
    return this.#request('POST', '/api/safeguards/verify', request);
  }

  #get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.#request('GET', path, undefined, signal);
  }

  async #request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = this.#token();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        signal: signal ?? null,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'The server did not answer. Is Hindsight still running?', 'Network Error');
    }
    if (response.ok) {
      // 204: nothing to read.
      if (response.status === 204) return undefined as T;
      try {
        return (await response.json()) as T;
      } catch (error) {
        if (signal?.aborted) throw error;
        // A proxy's or captive portal's page instead of the API's JSON.
        throw new ApiError(response.status, `The answer to ${path.split('?')[0]} is not JSON: is something else answering in front of Hindsight?`, 'Bad Response');
      }
    }
    let problem: Partial<ErrorResponse> | null = null;
    try {
      problem = (await response.json()) as Partial<ErrorResponse> | null;
    } catch {
      // not JSON (a proxy's error page): the status says enough
    }
    throw new ApiError(response.status, problem?.message ?? `${response.status} ${response.statusText}`, problem?.error ?? response.statusText);
  }
}

/** True for the error an aborted request rejects with (a newer request replaced it): not worth showing. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
