/** Schemas of `GET /api/stats`. */
import { Type, type Static } from 'typebox';
import { DaySchema, MonthCountsSchema, Nullable } from './common.ts';

/** `GET /api/stats` query: a date range (`from`/`to`, either optional) or a `year`, not both. */
export const StatsQuerySchema = Type.Object(
  {
    from: Type.Optional(DaySchema),
    to: Type.Optional(DaySchema),
    year: Type.Optional(Type.Integer({ minimum: 1000, maximum: 9999 })),
    environment: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Delivery metrics of this environment only (`prod` = `production`). Default: all.' }),
    ),
    period: Type.Optional(Type.Enum(['month', 'week'], { description: 'Buckets of the delivery metrics (UTC; weeks start on Monday). Default: month.' })),
  },
  { additionalProperties: false },
);
/** The type of `StatsQuerySchema`. */
export type StatsQuery = Static<typeof StatsQuerySchema>;

/** Count, median and 90th percentile of a duration in seconds (statistics null when count is 0). */
export const DurationStatsSchema = Type.Object({
  count: Type.Integer({ description: 'Incidents with both ends known.' }),
  median: Nullable(Type.Number({ description: 'Seconds; null when count is 0.' })),
  p90: Nullable(Type.Number({ description: 'Seconds, 90th percentile (linear interpolation, type 7).' })),
});
/** The type of `DurationStatsSchema`. */
export type DurationStats = Static<typeof DurationStatsSchema>;

/** Action item progress: items not archived, of the incidents counted. */
export const ActionItemStatsSchema = Type.Object({
  total: Type.Integer({ description: 'Items not archived.' }),
  byStatus: Type.Object({
    open: Type.Integer(),
    'in-progress': Type.Integer(),
    done: Type.Integer(),
    'wont-do': Type.Integer(),
  }),
  completionRate: Nullable(Type.Number({ description: 'done / total; null when there are no items.' })),
  overdue: Type.Integer(),
  medianOpenAgeDays: Nullable(Type.Number({ description: 'Median age of open and in-progress items.' })),
  openPerMonth: MonthCountsSchema(
    '`YYYY-MM` → items open at the end of that month, every month from the one the first counted item opened in to ' +
      'the current month (or the month of `to`, when earlier); empty when no item counts. An item opens on its ' +
      "incident's date (else the day it was first seen) and closes on the day it was marked done; open and " +
      'in-progress items count through today. Never counted: wont-do items and done items with no known done day ' +
      '(including items already done when first seen).',
  ),
});
/** The type of `ActionItemStatsSchema`. */
export type ActionItemStats = Static<typeof ActionItemStatsSchema>;

const Rate = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description }));

/** DORA's delivery metrics: deployment frequency, change failure rate, time to restore. */
export const DeliveryStatsSchema = Type.Object(
  {
    period: Type.Enum(['month', 'week']),
    environment: Nullable(Type.String({ description: 'The environment counted (canonical), or null for all.' })),
    environments: Type.Array(Type.String(), { description: 'Every environment with deployments in the range (canonical names).' }),
    perPeriod: Type.Array(
      Type.Object({
        period: Type.String({ description: '`YYYY-MM`, or the Monday `YYYY-MM-DD` of a week.' }),
        environment: Type.String(),
        deployments: Type.Integer(),
        failures: Type.Integer({ description: 'Deployments of this period confirmed as the cause of an incident.' }),
        changeFailureRate: Rate('failures / deployments; null when nothing was deployed.'),
      }),
    ),
    frequency: Type.Object({
      deployments: Type.Integer(),
      days: Nullable(Type.Integer({ description: 'Days the range covers (given ends, else first to last period with deployments).' })),
      perDay: Nullable(Type.Number()),
      perWeek: Nullable(Type.Number()),
      level: Type.Union(
        [Type.Enum(['on-demand', 'daily-to-weekly', 'weekly-to-monthly', 'less-than-monthly']), Type.Null()],
        { description: "DORA's bands: at least daily, at least weekly, at least monthly, less often; null without deployments." },
      ),
    }),
    changeFailureRate: Type.Object({
      deployments: Type.Integer(),
      failures: Type.Integer({ description: 'Distinct deployments confirmed as the cause of one or more incidents.' }),
      rate: Rate('failures / deployments; null when nothing was deployed.'),
      unconfirmedSuspects: Type.Integer({ description: 'Incidents with a suspect deployment nobody confirmed yet (not counted as failures).' }),
    }),
    timeToRestore: DurationStatsSchema,
  },
  {
    description:
      'Deployments are kind deploy with status success (or inactive); a failure is a deployment confirmed as the cause ' +
      '(by a person through the API, or named in the postmortem and not rejected), counted once however many incidents ' +
      'it caused; time to restore runs from the suspect deployment or the start, whichever is earlier, to the resolution (or mitigation).',
  },
);
/** The type of `DeliveryStatsSchema`. */
export type DeliveryStats = Static<typeof DeliveryStatsSchema>;

/** `GET /api/stats`: the range used (null ends: open), incidents per month, durations, action item progress. */
export const StatsSchema = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  incidents: Type.Object({
    total: Type.Integer({ description: 'Active incidents counted (undated ones too when no range is given).' }),
    perMonth: MonthCountsSchema('`YYYY-MM` → incidents, every month from the first to the last, zeros included.'),
  }),
  timeToDetect: DurationStatsSchema,
  timeToResolve: DurationStatsSchema,
  actionItems: ActionItemStatsSchema,
  deployments: DeliveryStatsSchema,
});
/** The type of `StatsSchema`. */
export type Stats = Static<typeof StatsSchema>;
