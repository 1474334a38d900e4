/** `GET /api/action-items`: action items across incidents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { safeguardsOfItems } from '../../safeguards/queries.ts';
import { listActionItems, type ArchivedFilter } from '../../db/queries/action-item-list.ts';
import { dayOf } from '../../db/queries/today.ts';
import type { ActionItemStatus } from '../../db/schema.ts';
import { readErrors } from '../schemas/common.ts';
import { ActionItemListQuerySchema, ActionItemPageSchema } from '../schemas/action-items.ts';

/** Options of `actionItemRoutes`; `now` is the clock for ages and overdue items. */
export interface ActionItemRoutesOptions {
  database: Database;
  now: () => Date;
}

const ARCHIVED: Record<'false' | 'true' | 'all', ArchivedFilter> = { false: 'current', true: 'archived', all: 'all' };

/** The action item routes, mounted under `/api`. */
export const actionItemRoutes: FastifyPluginAsyncTypebox<ActionItemRoutesOptions> = async (app, { database, now }) => {
  app.get(
    '/action-items',
    {
      schema: {
        tags: ['action-items'],
        summary: 'List action items across incidents',
        querystring: ActionItemListQuerySchema,
        response: { 200: ActionItemPageSchema, ...readErrors },
      },
    },
    async (request) => {
      const query = request.query;
      const page = listActionItems(database, {
        today: dayOf(now()),
        q: query.q ?? null,
        owner: query.owner ?? null,
        statuses: query.status ? (query.status.split(',') as ActionItemStatus[]) : null,
        incident: query.incident ?? null,
        group: query.group ?? null,
        linked: query.linked ?? null,
        overdue: query.overdue ?? null,
        minAgeDays: query['min-age-days'] ?? null,
        archived: ARCHIVED[query.archived ?? 'false'],
        sort: query.sort ?? 'incident',
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      const safeguards = safeguardsOfItems(database, page.items.map((item) => item.id), now());
      return { ...page, items: page.items.map((item) => ({ ...item, safeguards: safeguards.get(item.id) ?? [] })) };
    },
  );
};
