/**
 * What the deployment view asks the API: its date filters on the page's clock (the URL keeps days,
 * `from=2018-01-24`, and the API is asked for the instants where those days begin and end in the zone the page shows
 * times in, the viewer's or UTC, so that a day means the same on the filter as in the list under it), the list's
 * page, and the strip's deployments (all that match, the newest `STRIP_LIMIT`, whatever the page). Pure: no DOM,
 * no clock.
 */
import { DateTime } from 'luxon';
import type { DeploymentListQuery } from './api-types.ts';
import { resolveZone } from './format.ts';
import { deploymentQueryOf, type DeploymentFilters } from './routes.ts';

/** The most deployments the strip draws (the API's largest page): the newest ones when more match. */
export const STRIP_LIMIT = 1000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant a day `YYYY-MM-DD` begins (`end` false: its first second) or ends (`end` true: its last second, as
 * the API reads a day's end) on the calendar of `zone`, as ISO with the zone's offset then
 * (`2018-01-24T00:00:00-08:00`; in UTC `2018-01-24T00:00:00Z`). A day that begins in a daylight-saving gap begins
 * when the clock jumps. Anything else (an instant already, or text that is not a day) is returned as it is; unknown
 * zones are UTC.
 */
export function dayBoundary(value: string, zone: string, end = false): string {
  if (!DAY.test(value)) return value;
  const day = DateTime.fromISO(value, { zone: resolveZone(zone) });
  if (!day.isValid) return value;
  const moment = end ? day.endOf('day').set({ millisecond: 0 }) : day.startOf('day');
  return moment.toISO({ suppressMilliseconds: true }) ?? value;
}

/**
 * `from`/`to` of the deployment filters as the API should get them: days turned into the instants that bound them
 * in `zone` (`dayBoundary`), instants left as they are, the unset left out.
 */
export function zonedRange(range: { from?: string | undefined; to?: string | undefined }, zone: string): { from?: string; to?: string } {
  const zoned: { from?: string; to?: string } = {};
  if (range.from) zoned.from = dayBoundary(range.from, zone);
  if (range.to) zoned.to = dayBoundary(range.to, zone, true);
  return zoned;
}

/**
 * The `GET /api/deployments` query of `filters` (with the incidents overlay): their days (`from`/`to`) as the
 * instants where they begin and end in `zone`, the zone the page shows times in; their page (`offset`) kept.
 */
export function listQueryOf(filters: DeploymentFilters, zone: string): DeploymentListQuery {
  const { from: _from, to: _to, ...query } = deploymentQueryOf(filters);
  return { ...query, ...zonedRange(filters, zone) };
}

/** The strip's query: the list's without its page, the newest `STRIP_LIMIT` deployments. */
export function stripQueryOf(filters: DeploymentFilters, zone: string): DeploymentListQuery {
  const { offset: _offset, ...query } = listQueryOf(filters, zone);
  return { ...query, limit: STRIP_LIMIT };
}
