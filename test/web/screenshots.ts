/**
 * `npm run screenshots`: the README's pictures of the UI, taken from the example postmortems in `postmortems/`
 * served by the real server (temporary database) in headless Chromium, light theme, 1280 × 1000. Writes
 * `web/docs/incident.png` (the datahub outage against its deployments), `web/docs/incidents.png`,
 * `web/docs/action-items.png` and `web/docs/deployments.png` (the deployments around the datahub outage).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserSkipReason, exampleFiles, launchBrowser, startUiServer } from '../helpers/browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'web', 'docs');

const reason = browserSkipReason();
if (reason !== null) {
  console.error(`cannot take screenshots: ${reason}`);
  process.exit(1);
}

const ui = await startUiServer(exampleFiles());
const browser = await launchBrowser({ width: 1280, height: 1000, timezoneId: 'Europe/London' });
try {
  mkdirSync(OUT, { recursive: true });
  const { page } = browser;
  await page.emulateMedia({ colorScheme: 'light' });
  const shots: Array<[string, string, string]> = [
    ['incident.png', '/incidents/2018-01-25-datahub-accidental-prod-merge', 'figure.outage-timeline .role-label'],
    ['incidents.png', '/', 'table.incidents tbody tr'],
    ['action-items.png', '/action-items', 'ul.items > li'],
    ['deployments.png', '/deployments?from=2018-01-24&to=2018-01-27', 'figure svg'],
  ];
  for (const [name, path, ready] of shots) {
    await page.goto(`${ui.url}${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, name) });
    console.log(`wrote web/docs/${name}`);
  }
} finally {
  await browser.close();
  await ui.close();
}
