/** Before any test file: the web UI built from the current sources (servers started by tests serve it). */
import { ensureWebBuild } from '../server/web-build.ts';

export default async function setup(): Promise<void> {
  const started = Date.now();
  const build = await ensureWebBuild();
  if (build.built) console.log(`web UI built for the tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
