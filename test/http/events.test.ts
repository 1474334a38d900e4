/**
 * `GET /api/events` over a real socket: a `changed` event after the database changes (at most once per gap, the
 * last change of a burst never lost), nothing while nothing changes, the same access rule as every read, and a
 * server that still stops while streams are open. `ChangeFeed` alone reads nothing while nobody listens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../server/http/change-feed.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Reads the event stream at `url` into `text` as it arrives. */
async function listen(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const state = { text: '', response, stop: () => controller.abort() };
  if (response.body) {
    const reader = response.body.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          state.text += new TextDecoder().decode(value);
        }
      } catch {
        // aborted
      }
    })();
  }
  return state;
}

const changedEvents = (text: string) => text.split('\n\n').filter((block) => block.startsWith('event: changed'));
const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
}

describe('GET /api/events', () => {
  it('streams a changed event after the incidents change, and nothing before', async () => {
    t = await testApp({ changeFeed: { intervalMs: 20, minGapMs: 0 } });
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await listen(`${url}/api/events`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    await until(() => stream.text.includes(': connected'), 'the opening comment');
    expect(stream.text).toContain('retry: 3000');
    await wait(100);
    expect(changedEvents(stream.text)).toEqual([]);

    seedIncident(t.database, { slug: 'new-one' });
    await until(() => changedEvents(stream.text).length === 1, 'a changed event');
    const data = JSON.parse(changedEvents(stream.text)[0]!.split('\n')[1]!.replace(/^data: /, '')) as { at: string };
    expect(Number.isNaN(Date.parse(data.at))).toBe(false);
    stream.stop();
  });

  it('needs the token when reads are protected, like every read', async () => {
    t = await testApp({ auth: { token: 'a-token-of-sixteen-chars', protectReads: true } });
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const refused = await fetch(`${url}/api/events`);
    expect(refused.status).toBe(401);
    const stream = await listen(`${url}/api/events`, { authorization: 'Bearer a-token-of-sixteen-chars' });
    expect(stream.response.status).toBe(200);
    stream.stop();
  });

  it('refuses parameters, as every route does', async () => {
    t = await testApp();
    expect((await t.app.inject({ method: 'GET', url: '/api/events?x=1' })).statusCode).toBe(400);
  });

  it('lets the server stop while streams are open, ending them', async () => {
    t = await testApp({ changeFeed: { intervalMs: 20 } });
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const streams = [await listen(`${url}/api/events`), await listen(`${url}/api/events`)];
    await until(() => streams.every((stream) => stream.text.includes(': connected')), 'both streams');
    const closing = t.close();
    t = null;
    await closing;
    for (const stream of streams) stream.stop();
  });
});

describe('ChangeFeed', () => {
  it('reads nothing while nobody listens, and stops when the last one leaves', async () => {
    let reads = 0;
    const feed = new ChangeFeed({ stamp: () => String(++reads), intervalMs: 10, minGapMs: 0 });
    await wait(50);
    expect(reads).toBe(0);
    const stop = feed.subscribe(() => {});
    await until(() => reads > 2, 'reads');
    stop();
    const after = reads;
    await wait(50);
    expect(reads).toBe(after);
    expect(feed.size).toBe(0);
  });

  it('announces a burst of changes once per gap, and the last one after the gap', async () => {
    let stamp = 0;
    let clock = 1000;
    const feed = new ChangeFeed({ stamp: () => String(stamp), intervalMs: 10, minGapMs: 200, now: () => clock });
    const events: string[] = [];
    const stop = feed.subscribe((event) => events.push(event.at));
    stamp = 1;
    await until(() => events.length === 1, 'the first announcement');
    // More changes within the gap (the feed's clock stands still): held back, however long the real wait.
    stamp = 2;
    await wait(50);
    stamp = 3;
    await wait(50);
    expect(events).toHaveLength(1);
    clock += 200;
    await until(() => events.length === 2, 'the burst announced after the gap');
    clock += 1000;
    await wait(50);
    expect(events).toHaveLength(2);
    stop();
  });

  it('does not announce while a write is in progress (no stamp)', async () => {
    let stamp: string | null = '1';
    const feed = new ChangeFeed({ stamp: () => stamp, intervalMs: 10, minGapMs: 0 });
    const events: unknown[] = [];
    const stop = feed.subscribe((event) => events.push(event));
    stamp = null;
    await wait(60);
    expect(events).toEqual([]);
    stamp = '2';
    await until(() => events.length === 1, 'the change after the write');
    stop();
  });
});
