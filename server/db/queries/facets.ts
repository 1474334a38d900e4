/**
 * The values the incident and action item lists can be filtered by, each with how often it occurs: years, tags and
 * severities of the incidents the list's filters select, group headings and owners of their current action items.
 * Each incident facet is counted under every filter except its own (the standard faceted search: the year counts
 * follow the tag and the search, not the year), so every value offered leads to that many incidents. One grouped
 * query per facet over the list's own filter SQL (`incidentScope`); ordering in SQL.
 */
import type { Database } from '../connection.ts';
import { incidentScope, type IncidentFilter, type IncidentScope } from './incident-list.ts';
import { statement } from './statements.ts';

/** A value to filter by and how many incidents (or, for groups and owners, action items) have it. */
export interface FacetValue<T> {
  value: T;
  count: number;
}

/** The facets; see each field. */
export interface Facets {
  /** Years of dated incidents, newest first; `count`: incidents dated in it. */
  years: Array<FacetValue<number>>;
  /** Tags (lower case, as stored), most used first, then by value; `count`: incidents with the tag. */
  tags: Array<FacetValue<string>>;
  /**
   * Severities compared case-insensitively (`SEV1` and `sev1` are one), each shown as its most common spelling
   * (ties: the first in binary order), ordered by value case-insensitively; `count`: incidents, all spellings.
   */
  severities: Array<FacetValue<string>>;
  /** Group headings of current action items, most used first, then by value; `count`: items under the heading. */
  groups: Array<FacetValue<string>>;
  /**
   * Owners of current action items compared case-insensitively, each shown as its most common spelling (ties: the
   * first in binary order), most used first, then by value; `count`: items, all spellings.
   */
  owners: Array<FacetValue<string>>;
}

/** `where` with `condition` added. */
const and = (where: string, condition: string) => (where === '' ? `WHERE ${condition}` : `${where} AND ${condition}`);

const years = ({ from, where }: IncidentScope) => `
SELECT CAST(substr(i.date, 1, 4) AS INTEGER) AS value, COUNT(*) AS count
FROM ${from} ${and(where, 'i.date IS NOT NULL')}
GROUP BY value ORDER BY value DESC`;

const tags = ({ from, where }: IncidentScope) => `
SELECT t.tag AS value, COUNT(*) AS count
FROM ${from} JOIN incident_tags t ON t.incident_id = i.id ${where}
GROUP BY t.tag ORDER BY count DESC, value COLLATE NOCASE, value`;

/**
 * Each spelling of `column` counted over `rows`, then per case-folded value: the sum over its spellings and the
 * most common spelling. lower() folds ASCII letters only, as COLLATE NOCASE does in the lists' filters.
 */
const bySpelling = (column: string, rows: string, order: string) => `
SELECT spelling AS value, total AS count FROM (
  SELECT spelling,
    SUM(n) OVER (PARTITION BY lower(spelling)) AS total,
    ROW_NUMBER() OVER (PARTITION BY lower(spelling) ORDER BY n DESC, spelling) AS place
  FROM (SELECT ${column} AS spelling, COUNT(*) AS n ${rows} GROUP BY ${column})
)
WHERE place = 1 ORDER BY ${order}`;

const severities = ({ from, where }: IncidentScope) =>
  bySpelling('i.severity', `FROM ${from} ${and(where, `i.severity IS NOT NULL AND trim(i.severity) <> ''`)}`, 'value COLLATE NOCASE, value');

/** The current items of the incidents in scope: `a`. */
const items = ({ from, where }: IncidentScope, condition: string) =>
  `FROM ${from} JOIN action_items a ON a.incident_id = i.id ${and(where, `a.archived_at IS NULL AND ${condition}`)}`;

const groups = (scope: IncidentScope) => `
SELECT a."group" AS value, COUNT(*) AS count
${items(scope, `a."group" IS NOT NULL AND trim(a."group") <> ''`)}
GROUP BY a."group" ORDER BY count DESC, value COLLATE NOCASE, value`;

const owners = (scope: IncidentScope) =>
  bySpelling('a.owner', items(scope, `a.owner IS NOT NULL AND trim(a.owner) <> ''`), 'count DESC, value COLLATE NOCASE, value');

/**
 * The facets of the incidents `filter` selects (default: every active incident) and their current action items;
 * empty lists when nothing matches. `years` leave out the `year` filter, `tags` the `tag` filter and `severities`
 * the `severity` filter; `groups` and `owners` count the items of the incidents matching every filter.
 */
export function readFacets(database: Database, filter: IncidentFilter = {}): Facets {
  const count = <T>(except: IncidentFilter, sql: (scope: IncidentScope) => string): Array<FacetValue<T>> => {
    const scope = incidentScope(except);
    return scope === null ? [] : (statement(database, sql(scope)).all(...scope.params) as Array<FacetValue<T>>);
  };
  return {
    years: count<number>({ ...filter, year: null }, years),
    tags: count<string>({ ...filter, tag: null }, tags),
    severities: count<string>({ ...filter, severity: null }, severities),
    groups: count<string>(filter, groups),
    owners: count<string>(filter, owners),
  };
}
