import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { inSeniorMode, ok, signIn } from '../support/journey.js';
import { overflowOf } from '../support/overflow.js';

/**
 * Public lists in pages (issue 15): 太风东街社区's shelf grows past one page (50 items); a resident's
 * phone shows the first page and 加载更多 brings the rest, at 390 px and in 长辈版. The shelf is a
 * cached public answer: an item the desk adds shows on the next visit.
 */
let server: RunningServer;
let browser: Browser;
const TAIFENG = 6;

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('public pages in pages', () => {
  it('the shelf shows 50 items, then 加载更多 the rest; a new item shows on the next visit', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000006', /\/console(\/residents)?$/);
    const before = (await ok<unknown[]>(staff, 'get', `/api/shop/items?communityId=${TAIFENG}`)).length;
    for (let i = 0; i < 50 - before + 10; i++)
      await ok(staff, 'post', '/api/shop/items', {
        communityId: TAIFENG,
        name: `爱心物品${i + 1}`,
        pointsPrice: 30 + i,
        monthlyLimit: null,
      });
    const total = (await ok<unknown[]>(staff, 'get', `/api/shop/items?communityId=${TAIFENG}`)).length;
    expect(total).toBe(60);

    const senior = await inSeniorMode(await phoneContext(browser, server.baseUrl));
    const mobile = await senior.newPage();
    await mobile.goto(`/shop?communityId=${TAIFENG}`);
    await mobile.getByTestId('shop-item').first().waitFor();
    expect(await mobile.getByTestId('shop-item').count()).toBe(50);
    const more = mobile.getByTestId('shop-more');
    await more.scrollIntoViewIfNeeded();
    const box = (await more.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(60);
    await screenshot(mobile, 'public-1-shop-more-senior');
    await more.click();
    await expect.poll(() => mobile.getByTestId('shop-item').count()).toBe(60);
    expect(await more.count()).toBe(0);
    expect((await overflowOf(mobile)).offenders).toEqual([]);

    // The desk adds one more; the resident's next visit (a fresh read of the cached shelf) shows it.
    await ok(staff, 'post', '/api/shop/items', {
      communityId: TAIFENG,
      name: '新到的挂面',
      pointsPrice: 999,
      monthlyLimit: null,
    });
    const phone = await phoneContext(browser, server.baseUrl);
    const page = await phone.newPage();
    await page.goto(`/shop?communityId=${TAIFENG}`);
    await page.getByTestId('shop-item').first().waitFor();
    await page.getByTestId('shop-more').click();
    await page.getByText('新到的挂面').waitFor();
    await page.getByText('新到的挂面').scrollIntoViewIfNeeded();
    await screenshot(page, 'public-2-shop-all-phone');
    expect((await overflowOf(page)).offenders).toEqual([]);
    await Promise.all([desk.close(), senior.close(), phone.close()]);
  }, 180_000);
});
