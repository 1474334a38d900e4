/** The UI's routes and URL filters: which view a path shows, and the filters kept in the query string. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionItemFiltersFrom,
  deliveryStatsQueryOf,
  deploymentFiltersFrom,
  deploymentQueryOf,
  facetFiltersOf,
  incidentFiltersFrom,
  incidentPath,
  itemPath,
  matchRoute,
  narrowsDeployments,
  narrowsItems,
  safeguardFiltersFrom,
  searchOf,
  type ActionItemFilters,
  type DeploymentFilters,
  type IncidentFilters,
} from '../../web/src/lib/routes.ts';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'incidents' }],
    ['//', { name: 'incidents' }],
    ['/incidents', { name: 'incidents' }],
    ['/incidents/', { name: 'incidents' }],
    ['/incidents//', { name: 'incidents' }],
    ['/action-items', { name: 'action-items' }],
    ['/action-items/', { name: 'action-items' }],
    ['/deployments', { name: 'deployments' }],
    ['/deployments/', { name: 'deployments' }],
    ['/safeguards', { name: 'safeguards' }],
    ['/safeguards/', { name: 'safeguards' }],
    ['/incidents/2018-01-25-datahub', { name: 'incident', slug: '2018-01-25-datahub' }],
    ['/incidents/2018-01-25-datahub/', { name: 'incident', slug: '2018-01-25-datahub' }],
    ['/incidents/a%20b', { name: 'incident', slug: 'a b' }],
    ['/incidents/a%2Fb', { name: 'incident', slug: 'a/b' }],
    ['/incidents/%E0%A4%A8%E0%A4%AE', { name: 'incident', slug: 'नम' }],
  ])('%s → %o', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('answers not-found, with the path, for a slug that is not valid percent-encoding', () => {
    expect(matchRoute('/incidents/%E0%A4%A')).toEqual({ name: 'not-found', path: '/incidents/%E0%A4%A' });
    expect(matchRoute('/incidents/100%')).toEqual({ name: 'not-found', path: '/incidents/100%' });
  });

  it.each([
    ['/nope', '/nope'],
    ['/nope/', '/nope'],
    ['/incidents/a/b', '/incidents/a/b'],
    ['/action-items/3', '/action-items/3'],
    ['/deployments/12', '/deployments/12'],
    ['/safeguards/datahub-prod', '/safeguards/datahub-prod'],
    ['/Safeguards', '/Safeguards'],
    ['/Deployments', '/Deployments'],
    ['/Incidents', '/Incidents'],
    ['/incidentsx', '/incidentsx'],
  ])('%s is not found (path %s)', (path, shown) => {
    expect(matchRoute(path)).toEqual({ name: 'not-found', path: shown });
  });
});

describe('incidentPath', () => {
  it('percent-encodes the slug', () => {
    expect(incidentPath('2018-01-25-datahub')).toBe('/incidents/2018-01-25-datahub');
    expect(incidentPath('a b/c?d#e%f')).toBe('/incidents/a%20b%2Fc%3Fd%23e%25f');
  });

  it.each(['plain', 'with space', 'ünïcödé-नम-😀', 'a/b', 'what?', 'x#y', '100%', '%E0%A4%A', '..', ' '])(
    'round-trips %j through matchRoute',
    (slug) => {
      expect(matchRoute(incidentPath(slug))).toEqual({ name: 'incident', slug });
    },
  );

  it('round-trips any non-empty slug', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (slug) => {
        expect(matchRoute(incidentPath(slug))).toEqual({ name: 'incident', slug });
      }),
    );
  });
});

describe('incidentFiltersFrom', () => {
  it('reads every filter', () => {
    expect(
      incidentFiltersFrom('?q=dns&year=2018&tag=database&severity=SEV1&has-open-items=true&has-error=false&sort=-detect&offset=50'),
    ).toEqual({
      q: 'dns',
      year: 2018,
      tag: 'database',
      severity: 'SEV1',
      'has-open-items': true,
      'has-error': false,
      sort: '-detect',
      offset: 50,
    });
  });

  it('reads URLSearchParams as well as a string, with or without the ?', () => {
    expect(incidentFiltersFrom(new URLSearchParams({ year: '2019', 'has-open-items': 'false' }))).toEqual({ year: 2019, 'has-open-items': false });
    expect(incidentFiltersFrom('tag=x')).toEqual({ tag: 'x' });
    expect(incidentFiltersFrom('')).toEqual({});
  });

  it.each([
    ['year=99'],
    ['year=10000'],
    ['year=999'],
    ['year=2018.0'],
    ['year=-2018'],
    ['year= 2018'],
    ['year=2e3'],
    ['sort=bogus'],
    ['sort=DATE'],
    ['sort='],
    ['offset=0'],
    ['offset=-1'],
    ['offset=abc'],
    ['offset=1.5'],
    ['offset=99999999999999999'],
    ['has-open-items=yes'],
    ['has-open-items=1'],
    ['has-open-items=TRUE'],
    ['has-error=no'],
    ['removed=false'],
    ['removed=maybe'],
    ['q=%20%20%20'],
    ['tag='],
    ['severity=%20'],
    ['unknown=1'],
  ])('drops an invalid value: %s', (search) => {
    expect(incidentFiltersFrom(search)).toEqual({});
  });

  it('keeps the bounds of year and offset', () => {
    expect(incidentFiltersFrom('year=1000')).toEqual({ year: 1000 });
    expect(incidentFiltersFrom('year=9999')).toEqual({ year: 9999 });
    expect(incidentFiltersFrom('offset=1')).toEqual({ offset: 1 });
    expect(incidentFiltersFrom(`offset=${Number.MAX_SAFE_INTEGER}`)).toEqual({ offset: Number.MAX_SAFE_INTEGER });
  });

  it('trims the words and caps them at 500 characters; tag and severity at 100', () => {
    expect(incidentFiltersFrom('q=%20%20dns%20outage%20')).toEqual({ q: 'dns outage' });
    const long = incidentFiltersFrom(new URLSearchParams({ q: `  ${'x'.repeat(600)}  `, tag: 't'.repeat(150), severity: ' s ' }));
    expect(long.q).toBe('x'.repeat(500));
    expect(long.tag).toBe('t'.repeat(100));
    expect(long.severity).toBe('s');
  });

  it('takes the first of a repeated parameter', () => {
    expect(incidentFiltersFrom('year=2018&year=2019')).toEqual({ year: 2018 });
  });

  it('accepts every sort the API does', () => {
    for (const sort of ['-date', 'date', 'title', '-title', 'detect', '-detect', 'resolve', '-resolve', 'updated', '-updated', 'relevance']) {
      expect(incidentFiltersFrom(`sort=${sort}`)).toEqual({ sort });
    }
  });
});

describe('facetFiltersOf', () => {
  it('keeps the filters, not the order or the page', () => {
    expect(facetFiltersOf(incidentFiltersFrom('?q=dns&year=2018&tag=db&severity=SEV1&has-open-items=true&has-error=false&removed=all&sort=title&offset=50'))).toEqual({
      q: 'dns',
      year: 2018,
      tag: 'db',
      severity: 'SEV1',
      'has-open-items': true,
      'has-error': false,
      removed: 'all',
    });
    expect(facetFiltersOf({ sort: '-date', offset: 1 })).toEqual({});
    expect(facetFiltersOf({})).toEqual({});
  });
});

describe('actionItemFiltersFrom', () => {
  it('reads every filter', () => {
    expect(
      actionItemFiltersFrom(
        '?q=disk%20alert&owner=Alice&status=open,in-progress&incident=2018-01-25-datahub&group=Follow-up&linked=false&overdue=true&min-age-days=30&sort=-age&offset=100',
      ),
    ).toEqual({
      q: 'disk alert',
      owner: 'Alice',
      status: 'open,in-progress',
      incident: '2018-01-25-datahub',
      group: 'Follow-up',
      linked: false,
      overdue: true,
      'min-age-days': 30,
      sort: '-age',
      offset: 100,
    });
  });

  it('trims the words and the owner, caps them at 500 and 300 characters, and drops them when blank', () => {
    expect(actionItemFiltersFrom('q=%20%20100%25%20snake_case%20&owner=%20alice%20')).toEqual({ q: '100% snake_case', owner: 'alice' });
    const long = actionItemFiltersFrom(new URLSearchParams({ q: ` ${'x'.repeat(600)} `, owner: 'o'.repeat(400) }));
    expect(long.q).toBe('x'.repeat(500));
    expect(long.owner).toBe('o'.repeat(300));
    expect(actionItemFiltersFrom('q=%20&owner=')).toEqual({});
  });

  it('accepts every sort the API does and drops any other', () => {
    for (const sort of ['incident', 'due', '-age', 'status']) expect(actionItemFiltersFrom(`sort=${sort}`)).toEqual({ sort });
    for (const sort of ['age', '-due', 'DUE', '', '-date']) expect(actionItemFiltersFrom(`sort=${sort}`), sort).toEqual({});
  });

  it('keeps only known statuses, each once, in the order given', () => {
    expect(actionItemFiltersFrom('status=done,bogus,open,done,,open')).toEqual({ status: 'done,open' });
    expect(actionItemFiltersFrom('status=wont-do')).toEqual({ status: 'wont-do' });
    expect(actionItemFiltersFrom('status=bogus')).toEqual({});
    expect(actionItemFiltersFrom('status=OPEN')).toEqual({});
    expect(actionItemFiltersFrom('status=')).toEqual({});
    expect(actionItemFiltersFrom('status=,')).toEqual({});
  });

  it('reads archived=true|all and drops anything else', () => {
    expect(actionItemFiltersFrom('archived=true')).toEqual({ archived: 'true' });
    expect(actionItemFiltersFrom('archived=all')).toEqual({ archived: 'all' });
    expect(actionItemFiltersFrom('archived=false')).toEqual({});
    expect(actionItemFiltersFrom('archived=yes')).toEqual({});
  });

  it('bounds min-age-days to 0 … 100000 and offset to 1 or more', () => {
    expect(actionItemFiltersFrom('min-age-days=0')).toEqual({ 'min-age-days': 0 });
    expect(actionItemFiltersFrom('min-age-days=100000')).toEqual({ 'min-age-days': 100_000 });
    expect(actionItemFiltersFrom('min-age-days=100001')).toEqual({});
    expect(actionItemFiltersFrom('min-age-days=-1')).toEqual({});
    expect(actionItemFiltersFrom('min-age-days=7days')).toEqual({});
    expect(actionItemFiltersFrom('offset=0')).toEqual({});
    expect(actionItemFiltersFrom('offset=-5')).toEqual({});
  });

  it('drops booleans that are not true/false and caps incident and group at 300', () => {
    expect(actionItemFiltersFrom('linked=yes&overdue=1')).toEqual({});
    const long = actionItemFiltersFrom(new URLSearchParams({ incident: ` ${'i'.repeat(400)} `, group: 'g'.repeat(400) }));
    expect(long.incident).toBe('i'.repeat(300));
    expect(long.group).toBe('g'.repeat(300));
    expect(actionItemFiltersFrom('incident=%20%20')).toEqual({});
  });
});

describe('searchOf', () => {
  it('writes the set filters sorted by name, whatever their order', () => {
    expect(searchOf({ year: 2018, q: 'dns', 'has-open-items': false })).toBe('?has-open-items=false&q=dns&year=2018');
    expect(searchOf({ 'has-open-items': false, year: 2018, q: 'dns' })).toBe('?has-open-items=false&q=dns&year=2018');
  });

  it('leaves out undefined, null and empty strings, but keeps 0 and false', () => {
    expect(searchOf({ q: '', tag: undefined, severity: null, offset: 0, linked: false })).toBe('?linked=false&offset=0');
    expect(searchOf({ q: '', tag: undefined })).toBe('');
    expect(searchOf({})).toBe('');
  });

  it('encodes values', () => {
    expect(searchOf({ q: 'a b&c=d', status: 'open,done' })).toBe('?q=a+b%26c%3Dd&status=open%2Cdone');
    expect(new URLSearchParams(searchOf({ q: 'ünï 😀' })).get('q')).toBe('ünï 😀');
  });

  it('round-trips the incident filters', () => {
    const filters: IncidentFilters = {
      q: 'dns & "outage"',
      year: 2018,
      tag: 'database',
      severity: 'SEV 1',
      'has-open-items': false,
      'has-error': true,
      sort: 'relevance',
      offset: 50,
    };
    expect(incidentFiltersFrom(searchOf(filters))).toEqual(filters);
    expect(searchOf(incidentFiltersFrom(searchOf(filters)))).toBe(searchOf(filters));
  });

  it('round-trips any valid incident filters', () => {
    const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() === s && s !== '');
    const filters: fc.Arbitrary<IncidentFilters> = fc.record(
      {
        q: text(500),
        year: fc.integer({ min: 1000, max: 9999 }),
        tag: text(100),
        severity: text(100),
        'has-open-items': fc.boolean(),
        'has-error': fc.boolean(),
        sort: fc.constantFrom('-date', 'date', 'title', '-title', 'detect', '-detect', 'resolve', '-resolve', 'updated', '-updated', 'relevance'),
        offset: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(filters, (f) => {
        expect(incidentFiltersFrom(searchOf(f))).toEqual(f);
        expect(searchOf(incidentFiltersFrom(searchOf(f)))).toBe(searchOf(f));
      }),
    );
  });

  it('round-trips the action item filters', () => {
    const filters: ActionItemFilters = {
      q: '100% snake_case & "quotes"',
      owner: 'Jane Doe',
      sort: 'due',
      status: 'open,in-progress',
      incident: 'a b/c',
      group: 'Follow-up & fixes',
      linked: true,
      overdue: false,
      'min-age-days': 0,
      offset: 1,
    };
    expect(actionItemFiltersFrom(searchOf(filters))).toEqual(filters);
    expect(searchOf(actionItemFiltersFrom(searchOf(filters)))).toBe(searchOf(filters));
  });
});

describe('narrowsItems', () => {
  it('is true when a filter is set, not for the order or the page alone', () => {
    expect(narrowsItems({})).toBe(false);
    expect(narrowsItems({ sort: 'due', offset: 50 })).toBe(false);
    for (const search of ['q=disk', 'owner=alice', 'status=done', 'incident=x', 'group=g', 'linked=false', 'overdue=true', 'min-age-days=0', 'archived=all']) {
      expect(narrowsItems(actionItemFiltersFrom(search)), search).toBe(true);
    }
  });
});

describe('deploymentFiltersFrom', () => {
  it('reads every filter and the two view settings', () => {
    expect(
      deploymentFiltersFrom(
        '?environment=production&service=datahub&kind=rollback&status=failure&source=github&from=2018-01-24&to=2018-01-27T12:00:00Z&q=chart&offset=50&period=week&tz=utc',
      ),
    ).toEqual({
      environment: 'production',
      service: 'datahub',
      kind: 'rollback',
      status: 'failure',
      source: 'github',
      from: '2018-01-24',
      to: '2018-01-27T12:00:00Z',
      q: 'chart',
      offset: 50,
      period: 'week',
      tz: 'utc',
    });
    expect(deploymentFiltersFrom('')).toEqual({});
    expect(deploymentFiltersFrom(new URLSearchParams('kind=deploy'))).toEqual({ kind: 'deploy' });
  });

  it('drops values the API would refuse', () => {
    expect(
      deploymentFiltersFrom('?kind=revert&status=pending&source=jenkins&offset=-1&period=month&tz=viewer&environment=%20&service=&q=%20%20'),
    ).toEqual({});
    expect(deploymentFiltersFrom('?offset=0')).toEqual({});
  });

  it.each([
    ['2018-01-24', true],
    ['2018-01-24T10:00:00Z', true],
    ['2018-01-24T10:00:00.5+05:30', true],
    ['2018-01-24T10:00-0800', true],
    ['2018-02-29', false],
    ['2018-02-30T10:00:00Z', false],
    ['2018-1-24', false],
    ['2018-01-24T10:00:00', false],
    ['yesterday', false],
    ['1516800000', false],
  ])('from/to %s is kept: %s', (value, kept) => {
    const filters = deploymentFiltersFrom(new URLSearchParams({ from: value, to: value }));
    expect(filters.from !== undefined, 'from').toBe(kept);
    expect(filters.to !== undefined, 'to').toBe(kept);
  });

  it('caps the environment at 100 characters, service and words at 200', () => {
    const long = 'x'.repeat(400);
    expect(deploymentFiltersFrom(new URLSearchParams({ environment: long, service: long, q: long }))).toEqual({
      environment: 'x'.repeat(100),
      service: 'x'.repeat(200),
      q: 'x'.repeat(200),
    });
  });

  it('round-trips through the URL', () => {
    const filters: DeploymentFilters = {
      environment: 'prod eu',
      service: 'order-events-consumer',
      kind: 'deploy',
      status: 'in-progress',
      source: 'webhook',
      from: '2023-11-27T16:05:00+01:00',
      to: '2023-11-30',
      q: 'v3.14 & "hotfix"',
      offset: 100,
      period: 'week',
      tz: 'utc',
    };
    expect(deploymentFiltersFrom(searchOf(filters))).toEqual(filters);
    expect(searchOf(deploymentFiltersFrom(searchOf(filters)))).toBe(searchOf(filters));
  });

  it('round-trips any valid deployment filters', () => {
    const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() === s && s !== '');
    const day = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });
    const filters: fc.Arbitrary<DeploymentFilters> = fc.record(
      {
        environment: text(100),
        service: text(200),
        kind: fc.constantFrom('deploy', 'rollback'),
        status: fc.constantFrom('queued', 'in-progress', 'success', 'failure', 'error', 'inactive'),
        source: fc.constantFrom('git', 'github', 'api', 'webhook', 'file', 'example'),
        from: day.map((d) => d.toISOString().slice(0, 10)),
        to: day.map((d) => d.toISOString()),
        q: text(200),
        offset: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        period: fc.constant('week' as const),
        tz: fc.constant('utc' as const),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(filters, (f) => {
        expect(deploymentFiltersFrom(searchOf(f))).toEqual(f);
        expect(searchOf(deploymentFiltersFrom(searchOf(f)))).toBe(searchOf(f));
      }),
    );
  });
});

describe('deploymentQueryOf', () => {
  it('asks for the filters and the incidents overlay, not the view settings', () => {
    expect(deploymentQueryOf({ environment: 'production', offset: 50, period: 'week', tz: 'utc' })).toEqual({
      environment: 'production',
      offset: 50,
      incidents: true,
    });
    expect(deploymentQueryOf({})).toEqual({ incidents: true });
  });
});

describe('deliveryStatsQueryOf', () => {
  it('takes the environment, the period (month by default) and the range as UTC days', () => {
    expect(deliveryStatsQueryOf({})).toEqual({ period: 'month' });
    expect(deliveryStatsQueryOf({ environment: 'production', period: 'week', from: '2018-01-24', to: '2018-01-27' })).toEqual({
      environment: 'production',
      period: 'week',
      from: '2018-01-24',
      to: '2018-01-27',
    });
    // 23:30 in Los Angeles on the 25th is the 26th in UTC.
    expect(deliveryStatsQueryOf({ from: '2018-01-25T23:30:00-08:00' })).toEqual({ period: 'month', from: '2018-01-26' });
  });

  it('leaves out the filters that do not apply to the metrics', () => {
    expect(deliveryStatsQueryOf({ service: 'datahub', kind: 'rollback', status: 'failure', source: 'file', q: 'x', offset: 50, tz: 'utc' })).toEqual({
      period: 'month',
    });
  });

  it('drops the end of a range whose days are reversed (the API would refuse it)', () => {
    expect(deliveryStatsQueryOf({ from: '2018-01-27', to: '2018-01-24T12:00:00Z' })).toEqual({ period: 'month', from: '2018-01-27' });
  });
});

describe('narrowsDeployments', () => {
  it('is true when a filter is set, not for the page or the view settings alone', () => {
    expect(narrowsDeployments({})).toBe(false);
    expect(narrowsDeployments({ offset: 50, period: 'week', tz: 'utc' })).toBe(false);
    for (const search of ['environment=staging', 'service=x', 'kind=deploy', 'status=error', 'source=git', 'from=2018-01-01', 'to=2018-01-01', 'q=x']) {
      expect(narrowsDeployments(deploymentFiltersFrom(search)), search).toBe(true);
    }
  });
});

describe('itemPath', () => {
  it('is the item on its incident page, as a #item-N fragment', () => {
    expect(itemPath('2018-01-25-datahub', 12)).toBe('/incidents/2018-01-25-datahub#item-12');
    expect(itemPath('a b/c', 3)).toBe('/incidents/a%20b%2Fc#item-3');
  });
});

describe('safeguardFiltersFrom', () => {
  it('reads every filter', () => {
    expect(safeguardFiltersFrom('?state=drifted&kind=status-check&repo=example-org/datahub&incident=2018-01-25-datahub&archived=all')).toEqual({
      state: 'drifted',
      kind: 'status-check',
      repo: 'example-org/datahub',
      incident: '2018-01-25-datahub',
      archived: 'all',
    });
    expect(safeguardFiltersFrom(new URLSearchParams('archived=true'))).toEqual({ archived: 'true' });
    expect(safeguardFiltersFrom('')).toEqual({});
  });

  it.each(['unknown', 'verified', 'drifted', 'missing', 'manual'])('accepts the state %s', (state) => {
    expect(safeguardFiltersFrom(`state=${state}`)).toEqual({ state });
  });

  it.each(['status-check', 'branch-protection', 'codeowners', 'workflow', 'alert-rule', 'deploy-gate', 'runbook', 'other'])('accepts the kind %s', (kind) => {
    expect(safeguardFiltersFrom(`kind=${kind}`)).toEqual({ kind });
  });

  it('drops values the API would refuse', () => {
    expect(safeguardFiltersFrom('state=broken&kind=firewall&repo=ab&incident=%20&archived=false')).toEqual({});
    expect(safeguardFiltersFrom(`repo=${'a'.repeat(141)}`)).toEqual({});
    expect(safeguardFiltersFrom(`incident=${'s'.repeat(400)}`)).toEqual({ incident: 's'.repeat(300) });
    expect(safeguardFiltersFrom('repo=%20acme/web%20')).toEqual({ repo: 'acme/web' });
  });

  it('round-trips through searchOf', () => {
    const filters = { state: 'missing', kind: 'workflow', repo: 'acme/web', incident: 'x y', archived: 'true' } as const;
    expect(safeguardFiltersFrom(searchOf(filters))).toEqual(filters);
    expect(searchOf(filters)).toBe('?archived=true&incident=x+y&kind=workflow&repo=acme%2Fweb&state=missing');
  });
});
