/**
 * The values the incident and action item lists can be filtered by, each with how often it occurs: years, tags and
 * severities of active incidents (file present), group headings of their current action items. One grouped query
 * per facet; ordering in SQL.
 */
import type { Database } from '../connection.ts';
import { statement } from './statements.ts';

/** A value to filter by and how many incidents (or, for groups, action items) have it. */
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
}

const YEARS_SQL = `
SELECT CAST(substr(i.date, 1, 4) AS INTEGER) AS value, COUNT(*) AS count
FROM incidents i WHERE i.removed_at IS NULL AND i.date IS NOT NULL
GROUP BY value ORDER BY value DESC`;

const TAGS_SQL = `
SELECT t.tag AS value, COUNT(*) AS count
FROM incident_tags t JOIN incidents i ON i.id = t.incident_id WHERE i.removed_at IS NULL
GROUP BY t.tag ORDER BY count DESC, value COLLATE NOCASE, value`;

// Each spelling counted, then per case-folded severity: the sum over its spellings and the most common spelling.
// lower() folds ASCII letters only, as COLLATE NOCASE does in the list's severity filter.
const SEVERITIES_SQL = `
SELECT spelling AS value, total AS count FROM (
  SELECT spelling,
    SUM(n) OVER (PARTITION BY lower(spelling)) AS total,
    ROW_NUMBER() OVER (PARTITION BY lower(spelling) ORDER BY n DESC, spelling) AS place
  FROM (
    SELECT i.severity AS spelling, COUNT(*) AS n FROM incidents i
    WHERE i.removed_at IS NULL AND i.severity IS NOT NULL AND trim(i.severity) <> ''
    GROUP BY i.severity
  )
)
WHERE place = 1 ORDER BY value COLLATE NOCASE, value`;

const GROUPS_SQL = `
SELECT a."group" AS value, COUNT(*) AS count
FROM action_items a JOIN incidents i ON i.id = a.incident_id
WHERE i.removed_at IS NULL AND a.archived_at IS NULL AND a."group" IS NOT NULL AND trim(a."group") <> ''
GROUP BY a."group" ORDER BY count DESC, value COLLATE NOCASE, value`;

/** The facets of the active incidents and their current action items; empty lists when there are none. */
export function readFacets(database: Database): Facets {
  return {
    years: statement(database, YEARS_SQL).all() as Array<FacetValue<number>>,
    tags: statement(database, TAGS_SQL).all() as Array<FacetValue<string>>,
    severities: statement(database, SEVERITIES_SQL).all() as Array<FacetValue<string>>,
    groups: statement(database, GROUPS_SQL).all() as Array<FacetValue<string>>,
  };
}
