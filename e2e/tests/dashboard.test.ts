import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { pickOption, signIn } from '../support/journey.js';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.js';
import { overflowOf } from '../support/overflow.js';

/**
 * The dashboard on the demo county: the center admin's console home shows it, a figure opens its list
 * filtered, community staff see their own community's; the 数据大屏 is the same 1920×1080 picture at
 * 1920×1080 and at 1280×720 (scaled, letterboxed, not reflowed). Screenshots in /work/shots/dashboard/
 * (or SHOTS_DIR).
 */
const SHOTS = process.env.SHOTS_DIR ?? '/work/shots/dashboard';
const CENTER_ADMIN = '13800000000';
const FIRST_STAFF = '13800000001';

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

async function shoot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** The dashboard has drawn its figures and its charts. */
async function dashboardShown(page: Page) {
  await page.getByTestId('figure-activities').waitFor();
  await page.getByTestId('chart-ages').locator('svg').first().waitFor();
}

async function communityOfStaff(page: Page): Promise<{ id: number; name: string }> {
  const me = await (await page.request.get('/api/me')).json();
  const id = me.roles.find((r: { role: string }) => r.role === 'community_staff').communityId as number;
  const communities = (await (await page.request.get('/api/public/communities')).json()) as {
    id: number;
    name: string;
  }[];
  return communities.find((c) => c.id === id)!;
}

describe('the dashboard', () => {
  let admin: BrowserContext;

  it("is the center admin's console home, and a figure opens its list filtered", async () => {
    admin = await desktopContext(browser, server.baseUrl);
    const page = await admin.newPage();
    await signIn(page, '/console/login', CENTER_ADMIN, /\/console$/);
    await dashboardShown(page);
    const center = await (await page.request.get('/api/public/center')).json().catch(() => null);
    expect(await page.getByTestId('dashboard-scope').innerText()).toContain(center?.name ?? '');
    // the cards show the county's month as the API counts it
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const [year, month] = today.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    const board = await (await page.request.get(`/api/stats/dashboard?from=${today.slice(0, 8)}01&to=${last}`)).json();
    expect(board.figures.period.communityId).toBeNull();
    expect(await page.getByTestId('figure-activities').locator('.zl-card__value').innerText()).toBe(
      String(board.figures.activities.held),
    );
    expect(await page.getByTestId('figure-residents').locator('.zl-card__value').innerText()).toBe(
      String(board.figures.participation.distinctResidents),
    );
    await shoot(page, 'console-home-desktop');

    // county-wide, 活动场次 opens the center's review of every community's week (the activities list
    // is one community's), and 积分发放 the ledger of the same period
    await page.getByTestId('figure-activities').click();
    await page.waitForURL(/\/console\/menus\?week=\d{4}-W\d{2}$/);
    await page.goBack();
    await dashboardShown(page);
    await page.getByTestId('figure-points').click();
    await page.waitForURL(new RegExp(`/console/points/ledger\\?from=${today.slice(0, 8)}01&to=${last}$`));
    await page.goBack();
    await dashboardShown(page);

    // pick a community: the figures narrow, and 回应需求 opens that community's needs
    const communities = (await (await page.request.get('/api/public/communities')).json()) as {
      id: number;
      name: string;
    }[];
    const second = communities[1]!;
    await pickOption(page, 'dashboard-community', second.name);
    await expect.poll(() => page.getByTestId('dashboard-scope').innerText()).toContain(second.name);
    await page.getByTestId('figure-needs').click();
    await page.waitForURL(new RegExp(`/console/needs\\?communityId=${second.id}$`));
    await page.getByText('按类别').waitFor();

    // and 活动场次 opens the activities of the period's first week in that community
    await page.goBack();
    await dashboardShown(page);
    await pickOption(page, 'dashboard-community', second.name);
    await expect.poll(() => page.getByTestId('dashboard-scope').innerText()).toContain(second.name);
    await page.getByTestId('figure-activities').click();
    await page.waitForURL(new RegExp(`/console/activities\\?.*communityId=${second.id}`));
    expect(new URL(page.url()).searchParams.get('week')).toMatch(/^\d{4}-W\d{2}$/);
  });

  it('fits a 390 px phone, cards one under another', async () => {
    const ctx = await phoneContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await signIn(page, '/console/login', CENTER_ADMIN, /\/console$/);
    await dashboardShown(page);
    const { offenders } = await overflowOf(page);
    expect(offenders).toEqual([]);
    const [first, second] = await page
      .locator('.zl-card')
      .evaluateAll((cards) => cards.slice(0, 2).map((c) => c.getBoundingClientRect().top));
    expect(second!).toBeGreaterThan(first!);
    await shoot(page, 'console-home-390');
    await ctx.close();
  });

  it("shows community staff their own community's dashboard", async () => {
    const ctx = await desktopContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await signIn(page, '/console/login', FIRST_STAFF, /\/console$/);
    await dashboardShown(page);
    const own = await communityOfStaff(page);
    expect(await page.getByTestId('dashboard-scope').innerText()).toContain(own.name);
    expect(await page.getByTestId('dashboard-community').count()).toBe(0);
    await shoot(page, 'console-home-staff');
    await ctx.close();
  });

  it('shows the 数据大屏 as one 1920×1080 picture, scaled down to 1280×720 without reflowing', async () => {
    const layouts: Record<string, { stage: DOMRect; kpi: DOMRect; chart: DOMRect }> = {};
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
      [1366, 768],
    ] as const) {
      const ctx = await browser.newContext({
        baseURL: server.baseUrl,
        viewport: { width, height },
        locale: 'zh-CN',
        storageState: await admin.storageState(),
      });
      const page = await ctx.newPage();
      await page.goto('/console/screen');
      await page.getByTestId('screen-kpi-residents').waitFor();
      await page.locator('.zl-screen__panel--weekly svg').first().waitFor();
      expect(await page.getByTestId('screen-title').innerText()).toContain('数据大屏');
      // nothing in a panel is cut off by its edge (the third donor once was)
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('.zl-screen__panel')].flatMap((panel) => {
          const bottom = panel.getBoundingClientRect().bottom;
          return [...panel.querySelectorAll('li, h2, p')]
            .filter((el) => el.getBoundingClientRect().bottom > bottom + 0.5)
            .map((el) => (el.textContent ?? '').trim());
        }),
      );
      expect(clipped, `cut off at ${width}×${height}`).toEqual([]);
      layouts[`${width}`] = await page.evaluate(() => {
        const rect = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().toJSON() as DOMRect;
        return {
          stage: rect('[data-testid="screen-stage"]'),
          kpi: rect('[data-testid="screen-kpi-residents"]'),
          chart: rect('.zl-screen__panel--weekly'),
        };
      });
      await shoot(page, `screen-${width}x${height}`, false);
      await ctx.close();
    }
    const full = layouts['1920']!;
    const small = layouts['1280']!;
    expect(full.stage).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(small.stage.width).toBeCloseTo(1280, 0);
    expect(small.stage.height).toBeCloseTo(720, 0);
    // the same picture, two thirds the size: every box scaled, none moved in the layout
    for (const key of ['kpi', 'chart'] as const) {
      expect(small[key].x / small.stage.width).toBeCloseTo(full[key].x / full.stage.width, 3);
      expect(small[key].width / small.stage.width).toBeCloseTo(full[key].width / full.stage.width, 3);
      expect(small[key].y / small.stage.height).toBeCloseTo(full[key].y / full.stage.height, 3);
    }
    // 1366×768 is not 16:9: letterboxed left and right, the picture as tall as the screen
    const wide = layouts['1366']!;
    expect(wide.stage.height).toBeCloseTo(768, 0);
    expect(wide.stage.x).toBeGreaterThan(0);
  });
});
