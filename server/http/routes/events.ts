/**
 * `GET /api/events`: a Server-Sent Events stream with one `changed` event whenever the stored incidents change, so
 * the web UI reloads what it shows without polling. A comment line every 25 s keeps proxies from closing it; the
 * server ends every stream when it stops.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ChangeFeed } from '../change-feed.ts';
import { NoQuerySchema, readErrors } from '../schemas/common.ts';

/** Options of `eventRoutes`. */
export interface EventRoutesOptions {
  feed: ChangeFeed;
  /** Between keep-alive comments. Default: 25 s. */
  heartbeatMs?: number;
}

/** The event stream, mounted under `/api`. */
export const eventRoutes: FastifyPluginAsyncTypebox<EventRoutesOptions> = async (app, { feed, heartbeatMs = 25_000 }) => {
  const open = new Set<ServerResponse>();
  // Before the HTTP server closes (it waits for open connections, and a stream never ends by itself).
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
    open.clear();
    feed.close();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Changes as they happen (Server-Sent Events)',
        description:
          'A `text/event-stream`: `event: changed` with `data: {"at": "<ISO time>"}` after the stored incidents change ' +
          '(a file added, edited or removed, an ingest run), at most once a second. Reload what you show when it ' +
          'arrives. With HINDSIGHT_PROTECT_READS it needs the token like every read.',
        querystring: NoQuerySchema,
        response: { ...readErrors },
      },
    },
    (request, reply) => {
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // Reconnect after 3 s when the connection drops (the browser's EventSource does so by itself).
      response.write('retry: 3000\n: connected\n\n');
      open.add(response);
      const stop = feed.subscribe((event) => response.write(`event: changed\ndata: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        stop();
        open.delete(response);
      });
    },
  );
};
