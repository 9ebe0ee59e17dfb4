import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, signIn, pickOption, expectSeniorSizes } from '../support/journey.js';

/**
 * The merchants-as-partners journey on the demo county's 太风东街社区: the desk records that
 * 老街面馆 sponsored an activity and ran a booth; the shop sees its new stars and the sentence
 * behind them on its phone (in 长辈版 too), raises a request, the desk resolves it and the shop
 * reads the answer; the public wall shows the pharmacy's 党建联盟 badge and the stars; the desk
 * prints the A5 plaque on one page.
 */
let server: RunningServer;
let browser: Browser;
const TAIFENG = 6; // 太风东街社区 in the demo county

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A `datetime-local` value on the county's clock (UTC+8), `minutesAgo` before now. */
function countyLocal(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

const starsText = (n: number) => (n ? '★'.repeat(n) : '暂未评星');

/** The published rule, written out independently of the app: ≥3 marked in 12 months, average rounded half up, capped by count. */
function expectedRating(qualities: number[]) {
  const count = qualities.length;
  const average = Math.round((qualities.reduce((s, q) => s + q, 0) / count) * 10) / 10;
  const cap = count < 3 ? 0 : count <= 5 ? 3 : count <= 9 ? 4 : 5;
  const stars = Math.min(cap, Math.floor(average + 0.5));
  const explanation =
    count < 3
      ? `近12个月参与社区服务${count}次，平均质量${average.toFixed(1)}分，满3次后评星`
      : `近12个月参与社区服务${count}次，平均质量${average.toFixed(1)}分 → ${starsText(stars)}`;
  return { stars, explanation };
}

interface Rating {
  stars: number;
  basis: { count: number; averageQuality: number | null };
  explanation: string;
}
interface Contribution {
  id: number;
  quality: number | null;
  confirmed: boolean;
  occurredAt: string;
}

describe('merchants as partners journey', () => {
  it('staff record a sponsorship and a booth; the shop sees its new stars and why, raises a request and reads the answer; the wall and the plaque', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000006', /\/console(\/residents)?$/);

    const merchants = (await (await staff.request.get(`/api/merchants?communityId=${TAIFENG}`)).json()) as {
      id: number;
      name: string;
      partyAlliance: boolean;
    }[];
    const noodles = merchants.find((m) => m.name === '老街面馆')!;
    const pharmacy = merchants.find((m) => m.name === '闻喜县福悦来大药房')!;
    expect(noodles).toBeTruthy();
    expect(pharmacy?.partyAlliance).toBe(true);
    const rating = async (id: number) =>
      (await (await staff.request.get(`/api/merchants/${id}/rating`)).json()) as Rating;
    const contributions = async (id: number) =>
      (await (await staff.request.get(`/api/merchants/${id}/contributions`)).json()) as Contribution[];

    // Where 老街面馆 stands before: quality-marked contributions of the last 12 months, no stars yet.
    const before = await rating(noodles.id);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
    const markedBefore = (await contributions(noodles.id))
      .filter((c) => c.confirmed && c.quality != null && c.occurredAt > yearAgo)
      .map((c) => c.quality!);
    expect(before.basis.count).toBe(markedBefore.length);
    expect(before.stars).toBe(0);
    const listBefore = (await contributions(noodles.id)).length;
    const expected = expectedRating([...markedBefore, 5, 4]);
    expect(expected.stars).toBeGreaterThan(0);

    // An activity of 太风东街 to sponsor (a draft is enough to link to).
    const venue = (
      (await (await staff.request.get(`/api/communities/${TAIFENG}/venues`)).json()) as { id: number }[]
    )[0]!;
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const activityTitle = `端午包粽子${Date.now() % 10_000}`;
    const created = await staff.request.post('/api/activities', {
      data: {
        communityId: TAIFENG,
        title: activityTitle,
        category: '节日活动',
        venueId: venue.id,
        startsAt: `${day}T09:00:00+08:00`,
        endsAt: `${day}T11:00:00+08:00`,
      },
    });
    expect(created.status()).toBe(201);

    // 1. The desk records the sponsorship (linked to the activity, quality 5) and a booth (quality 4).
    await staff.goto(`/console/merchants/${noodles.id}`);
    await expect.poll(() => staff.getByTestId('merchant-stars').innerText()).toBe('暂未评星');
    expect(await staff.getByTestId('merchant-explanation').innerText()).toBe(before.explanation);
    await expect.poll(() => staff.getByTestId('merchant-contribution').count()).toBe(listBefore);

    await staff.getByTestId('contribution-new').click();
    await pickOption(staff, 'contribution-kind', '赞助活动');
    await pickOption(staff, 'contribution-activity', activityTitle);
    await field(staff, 'contribution-description').fill('赞助端午包粽子活动：糯米20斤、粽叶200张');
    await staff.getByTestId('contribution-quality').locator('.el-rate__item').nth(4).click();
    await field(staff, 'contribution-occurred-at').fill(countyLocal(60));
    expect(await staff.getByTestId('contribution-quality').innerText()).toContain('非常好');
    // the five chosen stars are lit (Element Plus animates the colour; wait for it before the picture)
    await expect
      .poll(() =>
        staff
          .getByTestId('contribution-quality')
          .evaluate((el) =>
            [...el.querySelectorAll('.el-rate__icon:not(.el-rate__decimal)')].map((i) => getComputedStyle(i).color),
          ),
      )
      .toEqual(Array(5).fill('rgb(247, 186, 42)'));
    await screenshot(staff, 'merchants-1-console-contribution-form');
    await staff.getByTestId('contribution-submit').click();
    await expect.poll(() => staff.getByTestId('merchant-contribution').count()).toBe(listBefore + 1);

    await staff.getByTestId('contribution-new').click();
    await pickOption(staff, 'contribution-kind', '便民摊位');
    await field(staff, 'contribution-description').fill('周六早市便民摊位：免费磨刀、修伞');
    await staff.getByTestId('contribution-quality').locator('.el-rate__item').nth(3).click();
    await field(staff, 'contribution-occurred-at').fill(countyLocal(30));
    await staff.getByTestId('contribution-submit').click();
    await expect.poll(() => staff.getByTestId('merchant-contribution').count()).toBe(listBefore + 2);

    const sponsorshipRow = staff.getByTestId('merchant-contribution').filter({ hasText: '赞助端午包粽子活动' });
    expect(await sponsorshipRow.innerText()).toContain(activityTitle);
    expect(await sponsorshipRow.innerText()).toContain('5 分');
    expect(await staff.getByTestId('merchant-contribution').filter({ hasText: '免费磨刀' }).innerText()).toContain(
      '4 分',
    );
    await expect.poll(() => staff.getByTestId('merchant-stars').innerText()).toBe(starsText(expected.stars));
    expect(await staff.getByTestId('merchant-explanation').innerText()).toBe(expected.explanation);
    await screenshot(staff, 'merchants-2-console-contributions');

    const after = await rating(noodles.id);
    expect(after).toMatchObject({
      stars: expected.stars,
      explanation: expected.explanation,
      basis: { count: markedBefore.length + 2 },
    });

    // 2. The shop on its phone: the new stars and the sentence that explains them.
    const shopPhone = await phoneContext(browser, server.baseUrl);
    const shop = await shopPhone.newPage();
    await signIn(shop, '/login', '13700000002', /\/merchant$/);
    await expect.poll(() => shop.getByTestId('merchant-stars').innerText()).toBe(starsText(expected.stars));
    expect(await shop.getByTestId('merchant-explanation').innerText()).toBe(expected.explanation);
    expect(await shop.getByTestId('merchant-badge').count()).toBe(0);
    const shopSponsorship = shop.getByTestId('merchant-contribution').filter({ hasText: '赞助端午包粽子活动' });
    await shopSponsorship.waitFor();
    expect(await shopSponsorship.innerText()).toContain(activityTitle);
    await shop.getByTestId('merchant-contribution').filter({ hasText: '免费磨刀' }).waitFor();
    await screenshot(shop, 'merchants-3-shop-home');

    // …and in 长辈版.
    await shop.evaluate(() => localStorage.setItem('zhongli.seniorMode', '1'));
    await shop.reload();
    await expect.poll(() => shop.evaluate(() => document.documentElement.classList.contains('senior-mode'))).toBe(true);
    await expect.poll(() => shop.getByTestId('merchant-stars').innerText()).toBe(starsText(expected.stars));
    expect(await shop.getByTestId('merchant-explanation').innerText()).toBe(expected.explanation);
    await shop.getByTestId('merchant-contribution').filter({ hasText: '免费磨刀' }).waitFor();
    await expectSeniorSizes(shop);
    await screenshot(shop, 'merchants-4-shop-home-senior');
    await shop.evaluate(() => localStorage.removeItem('zhongli.seniorMode'));

    // 3. The shop raises a request.
    await shop.getByTestId('merchant-requests-link').click();
    await shop.waitForURL(/\/merchant\/requests$/);
    await shop.getByTestId('merchant-request-new-link').click();
    await shop.waitForURL(/\/merchant\/requests\/new$/);
    const requestTitle = '店门口共享单车堆放，影响进出';
    await field(shop, 'request-new-title').fill(requestTitle);
    await field(shop, 'request-new-description').fill(
      '最近一周每天早上店门口堆了十几辆共享单车，顾客进不来，希望社区协调清理。',
    );
    await shop.getByTestId('request-new-submit').click();
    await shop.waitForURL(/\/merchant\/requests\?raised=\d+$/);
    const requestId = new URL(shop.url()).searchParams.get('raised')!;
    const myRequest = shop.locator(`[data-testid="merchant-request"][data-request-id="${requestId}"]`);
    await expect.poll(() => myRequest.getByTestId('merchant-request-status').innerText()).toBe('待处理');
    expect(await myRequest.innerText()).toContain(requestTitle);
    expect(await myRequest.getByTestId('merchant-request-response').count()).toBe(0);

    // 4. The desk starts on it and resolves it with an answer.
    await staff.goto('/console/merchant-requests');
    const row = staff.locator(`[data-testid="console-request"][data-request-id="${requestId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('老街面馆');
    expect(await row.getByTestId('console-request-overdue').count()).toBe(0);
    await row.getByTestId('console-request-start').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('in_progress');
    const answer = '已联系单车运营方，每天上午9点前清运，并在店门口划定禁停区。';
    await field(row, 'console-request-response').fill(answer);
    await row.getByTestId('console-request-resolve').click();
    // resolved requests leave the 未办结 list
    await expect.poll(() => row.count()).toBe(0);

    // 5. The shop reads the answer.
    await shop.reload();
    await expect.poll(() => myRequest.getByTestId('merchant-request-status').innerText()).toBe('已办结');
    expect(await myRequest.getByTestId('merchant-request-response').innerText()).toContain(answer);
    await screenshot(shop, 'merchants-5-shop-request-answered');
    await shopPhone.close();

    // 6. The public wall, without signing in: the pharmacy's badge and stars, the noodle shop's new stars.
    const pharmacyRating = await rating(pharmacy.id);
    const checkWall = async (page: Page) => {
      await page.goto(`/merchants?communityId=${TAIFENG}`);
      const pharmacyCard = page.locator(`[data-testid="wall-merchant"][data-merchant-id="${pharmacy.id}"]`);
      const noodlesCard = page.locator(`[data-testid="wall-merchant"][data-merchant-id="${noodles.id}"]`);
      await noodlesCard.waitFor();
      expect(await pharmacyCard.getByTestId('wall-badge').innerText()).toBe('党建联盟商户');
      expect(await pharmacyCard.getByTestId('wall-stars').innerText()).toBe(starsText(pharmacyRating.stars));
      expect(await pharmacyCard.innerText()).toContain(pharmacyRating.explanation);
      expect(await noodlesCard.getByTestId('wall-badge').count()).toBe(0);
      expect(await noodlesCard.getByTestId('wall-stars').innerText()).toBe(starsText(expected.stars));
      // with stars it has moved up from 更多参与商户 to 星级商户
      expect(
        await page
          .locator('section')
          .filter({ has: page.getByRole('heading', { name: '星级商户' }) })
          .locator(`[data-testid="wall-merchant"][data-merchant-id="${noodles.id}"]`)
          .count(),
      ).toBe(1);
      expect(await noodlesCard.innerText()).toContain(expected.explanation);
    };
    const publicPhone = await phoneContext(browser, server.baseUrl);
    const visitor = await publicPhone.newPage();
    await checkWall(visitor);
    await screenshot(visitor, 'merchants-6-wall');
    await visitor.goto(`/merchants/${noodles.id}`);
    await expect.poll(() => visitor.getByTestId('merchant-stars').innerText()).toBe(starsText(expected.stars));
    expect(await visitor.getByTestId('merchant-explanation').innerText()).toBe(expected.explanation);
    await publicPhone.close();

    const seniorPhone = await phoneContext(browser, server.baseUrl);
    await seniorPhone.addInitScript(() => localStorage.setItem('zhongli.seniorMode', '1'));
    const senior = await seniorPhone.newPage();
    await checkWall(senior);
    expect(await senior.evaluate(() => document.documentElement.classList.contains('senior-mode'))).toBe(true);
    await expectSeniorSizes(senior);
    await screenshot(senior, 'merchants-7-wall-senior');
    await seniorPhone.close();

    // 7. The A5 plaque with the new stars and the QR code, printed on one page.
    await staff.goto(`/console/merchants/${noodles.id}/plaque`);
    const plaque = staff.getByTestId('plaque');
    await plaque.waitFor();
    expect(await plaque.getAttribute('data-merchant-id')).toBe(String(noodles.id));
    expect(await plaque.innerText()).toContain('老街面馆');
    expect(await staff.getByTestId('plaque-stars').innerText()).toBe(starsText(expected.stars));
    await staff.locator('svg[data-testid="plaque-qr"], [data-testid="plaque-qr"] svg').first().waitFor();
    expect(await staff.getByTestId('plaque-print').isEnabled()).toBe(true);
    await screenshot(staff, 'merchants-8-plaque');
    await staff.emulateMedia({ media: 'print' });
    const pdf = await staff.pdf({ preferCSSPageSize: true, printBackground: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    await staff.emulateMedia({ media: 'screen' });
    await desk.close();
  });
});
