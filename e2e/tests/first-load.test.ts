import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { inSeniorMode, signIn } from '../support/journey.js';

/**
 * The resident home's first load on a slow phone link (issue 15): a signed-in resident opens the home
 * with an empty cache over 400 kbps down / 400 ms latency, emulated by Chromium's DevTools protocol.
 * Counted: every request the load makes and the bytes each one took on the wire (`encodedDataLength`
 * of `Network.loadingFinished`: headers and the compressed body). Timed: navigation to the member
 * card and the points link being on screen. The journey fails above 100 kB: bytes on the wire do not
 * depend on how busy the machine is. Time to content is printed, not asserted: the house measures
 * speed in benchmarks, and a wall-clock limit in a test fails whenever the runner is shared (the 3 s
 * target of issue 15 is reported from these printed figures).
 */
const LINK = { latency: 400, kbps: 400 };
const MAX_BYTES = 100 * 1000;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface FirstLoad {
  requests: number;
  bytes: number;
  contentMs: number;
  byUrl: { url: string; bytes: number; encoding: string }[];
}

/** Signs in (fast), then opens / again in a new page with the cache off and the slow link on. */
async function measureFirstLoad(ctx: BrowserContext): Promise<FirstLoad> {
  const signInPage = await ctx.newPage();
  await signIn(signInPage, '/login', '13900000001', /\/$/);
  await signInPage.close();

  const page = await ctx.newPage();
  // The moment the card and the points link are both on the page, on the page's own clock (ms since the
  // navigation began): the test runner's polling and its protocol round trips are not counted.
  await page.addInitScript(() => {
    const w = window as unknown as { __contentAt?: number };
    const check = () => {
      if (
        w.__contentAt === undefined &&
        document.querySelector('[data-testid="member-card"]') &&
        document.querySelector('[data-testid="home-points-link"]')
      )
        w.__contentAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latency,
    downloadThroughput: (LINK.kbps * 1000) / 8,
    uploadThroughput: (LINK.kbps * 1000) / 8,
  });
  const started = new Map<string, { url: string; encoding: string }>();
  const finished = new Map<string, number>();
  cdp.on(
    'Network.requestWillBeSent',
    (e) => e.request.url.startsWith('data:') || started.set(e.requestId, { url: e.request.url, encoding: '' }),
  );
  cdp.on('Network.responseReceived', (e) => {
    const entry = started.get(e.requestId);
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (entry) entry.encoding = String(headers['content-encoding'] ?? '');
  });
  cdp.on('Network.loadingFinished', (e) => finished.set(e.requestId, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => finished.set(e.requestId, 0));

  await page.goto('/', { waitUntil: 'commit' });
  await page.getByTestId('member-card').waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('home-points-link').waitFor({ state: 'visible', timeout: 60_000 });
  const contentMs = await page.evaluate(() => (window as unknown as { __contentAt: number }).__contentAt);
  // Whatever the load started (a lazy chunk, a late API call) is counted once it is done.
  await expect.poll(() => [...started.keys()].every((id) => finished.has(id)), { timeout: 60_000 }).toBe(true);
  await page.waitForTimeout(0);
  const byUrl = [...started].map(([id, r]) => ({
    url: r.url.replace(server.baseUrl, ''),
    bytes: finished.get(id) ?? 0,
    encoding: r.encoding,
  }));
  await cdp.detach();
  return { requests: byUrl.length, bytes: byUrl.reduce((s, r) => s + r.bytes, 0), contentMs, byUrl };
}

function print(label: string, load: FirstLoad) {
  console.log(
    `first load (${label}, ${LINK.kbps} kbps / ${LINK.latency} ms): ${load.requests} requests, ${(load.bytes / 1000).toFixed(1)} kB, content in ${(load.contentMs / 1000).toFixed(2)} s`,
  );
  for (const r of load.byUrl.sort((a, b) => b.bytes - a.bytes))
    console.log(`  ${(r.bytes / 1000).toFixed(1).padStart(6)} kB ${r.encoding.padEnd(3)} ${r.url}`);
}

describe('first load of the resident home', () => {
  it('a resident on a 400 kbps / 400 ms link: ≤ 100 kB on the wire, and the time to the card printed', async () => {
    const ctx = await phoneContext(browser, server.baseUrl);
    const load = await measureFirstLoad(ctx);
    print('normal', load);
    await screenshot(await ctx.newPage().then(async (p) => (await p.goto('/'), p)), 'first-load-home-390');
    await ctx.close();
    expect(load.bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(load.contentMs).toBeGreaterThan(0);
  });

  it('the same in 长辈版, with the icons drawn', async () => {
    const ctx = await inSeniorMode(await phoneContext(browser, server.baseUrl));
    const load = await measureFirstLoad(ctx);
    print('长辈版', load);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByTestId('home-points-link').waitFor();
    await screenshot(page, 'first-load-home-390-senior');
    await ctx.close();
    expect(load.bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(load.contentMs).toBeGreaterThan(0);
  });
});
