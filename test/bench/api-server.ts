/**
 * Child process of the API benchmark: serves the real app over a benchmark database, and beside it a plain fastify
 * route that returns the same incident JSON from memory (the baseline). Prints `{"app": port, "plain": port,
 * "slugs": [...]}` on one line once both listen; stops on SIGTERM. Usage: `tsx api-server.ts DB_FILE SLUG_COUNT`.
 */
import Fastify from 'fastify';
import { openDatabase } from '../../server/db/connection.ts';
import { buildApp } from '../../server/http/app.ts';
import { emptySummary } from '../../server/ingest/summary.ts';

const [file, countText] = process.argv.slice(2);
if (!file) throw new Error('usage: api-server.ts DB_FILE [SLUG_COUNT]');
const database = openDatabase(file);
const slugs = (
  database.sqlite.prepare('select slug from incidents order by random() limit ?').all(Number(countText ?? 200)) as { slug: string }[]
).map((row) => row.slug);

const app = await buildApp({ database, auth: { token: null, protectReads: false }, ingest: async () => emptySummary() });
const documents = new Map<string, unknown>();
for (const slug of slugs) {
  const response = await app.inject({ method: 'GET', url: `/api/incidents/${slug}` });
  if (response.statusCode !== 200) throw new Error(`GET /api/incidents/${slug}: ${response.statusCode} ${response.body}`);
  documents.set(slug, response.json());
}
const plain = Fastify();
plain.get<{ Params: { slug: string } }>('/plain/incidents/:slug', async (request, reply) => {
  const document = documents.get(request.params.slug);
  if (!document) return reply.code(404).send({ error: 'Not Found' });
  return document;
});

await app.listen({ port: 0, host: '127.0.0.1' });
await plain.listen({ port: 0, host: '127.0.0.1' });
const port = (server: typeof plain.server) => {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
};
process.stdout.write(`${JSON.stringify({ app: port(app.server), plain: port(plain.server), slugs })}\n`);
process.on('SIGTERM', () => {
  void Promise.all([app.close(), plain.close()]).then(() => {
    database.close();
    process.exit(0);
  });
});
