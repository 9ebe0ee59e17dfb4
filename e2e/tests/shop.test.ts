import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, signIn, pickOption } from '../support/journey.js';

/**
 * The shop journey on the demo county's 太风东街社区: the desk records a donation and prints the
 * blue shelf labels; a resident redeems two items at the counter and sees the receipt on the
 * phone; the resident claims a voucher, the pharmacy honours it on its phone, and a second
 * honour is refused.
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

describe('shop and vouchers journey', () => {
  it('donation, labels, counter redemption and receipt; voucher claimed on the phone and honoured once by the merchant', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000006', /\/console(\/residents)?$/);
    const items = async () =>
      (await (await staff.request.get(`/api/shop/items?communityId=${TAIFENG}`)).json()) as {
        id: number;
        name: string;
        stock: number;
        pointsPrice: number;
      }[];
    const cupBefore = (await items()).find((i) => i.name === '水杯')!;

    // 1. A donation of cups from the pharmacy.
    await staff.goto('/console/shop/items');
    await staff.getByTestId('donation-open').click();
    await pickOption(staff, 'donation-item', '水杯');
    await field(staff, 'donation-quantity').fill('5');
    await pickOption(staff, 'donation-merchant', '闻喜县福悦来大药房');
    await staff.getByTestId('donation-submit').click();
    await expect.poll(async () => (await items()).find((i) => i.id === cupBefore.id)!.stock).toBe(cupBefore.stock + 5);

    // 2. The blue shelf labels, printed on A4.
    await staff.goto(`/console/shop/labels?communityId=${TAIFENG}`);
    await staff.getByTestId('label').first().waitFor();
    expect(await staff.getByTestId('label').count()).toBe(22);
    expect(await staff.getByTestId('labels-sheet').innerText()).toContain('山西晋昶商贸有限责任公司 捐赠');
    await staff.getByTestId('label-qr').first().locator('svg, canvas, img').first().waitFor();
    await screenshot(staff, 'shop-1-labels');
    await staff.emulateMedia({ media: 'print' });
    const pdf = await staff.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    await staff.emulateMedia({ media: 'screen' });

    // 3. The counter: the regular of 太风东街 (13900000002) redeems a cup and a towel.
    const resident = (await (await staff.request.get('/api/residents?q=0002')).json()).residents.find(
      (r: { phoneMasked: string | null }) => r.phoneMasked === '139****0002',
    );
    const balanceBefore = (await (await staff.request.get(`/api/residents/${resident.id}/points`)).json())
      .balance as number;
    const towelBefore = (await items()).find((i) => i.name === '毛巾')!;
    await staff.goto('/console/shop/counter');
    const code = field(staff, 'counter-code-input');
    await code.fill(resident.memberCode);
    await code.press('Enter');
    await expect.poll(() => staff.getByTestId('counter-resident-name').innerText()).toContain(resident.name);
    await pickOption(staff, 'counter-item-search', '水杯');
    await pickOption(staff, 'counter-item-search', '毛巾');
    expect(await staff.getByTestId('counter-line').count()).toBe(2);
    await expect
      .poll(() => staff.getByTestId('counter-total').innerText())
      .toContain(String(cupBefore.pointsPrice + towelBefore.pointsPrice));
    await screenshot(staff, 'shop-2-counter');
    await staff.getByTestId('counter-submit').click();
    await staff.getByTestId('counter-result').waitFor();
    const receiptHref = await staff.getByTestId('counter-receipt-link').getAttribute('href');
    const spent = cupBefore.pointsPrice + towelBefore.pointsPrice;
    expect((await (await staff.request.get(`/api/residents/${resident.id}/points`)).json()).balance).toBe(
      balanceBefore - spent,
    );
    const after = await items();
    expect(after.find((i) => i.id === cupBefore.id)!.stock).toBe(cupBefore.stock + 5 - 1);
    expect(after.find((i) => i.id === towelBefore.id)!.stock).toBe(towelBefore.stock - 1);
    await desk.close();

    // 4. The resident sees the receipt on the phone, and claims the pharmacy's voucher.
    const phone = await phoneContext(browser, server.baseUrl);
    await phone.addInitScript(() => localStorage.setItem('zhongli.seniorMode', '1'));
    const mobile = await phone.newPage();
    await signIn(mobile, '/login', '13900000002', /\/$/);
    await mobile.goto(receiptHref!);
    await mobile.getByTestId('receipt').waitFor();
    expect(await mobile.getByTestId('receipt-line').count()).toBe(2);
    expect(await mobile.getByTestId('receipt-total').innerText()).toContain(String(spent));
    expect(await mobile.getByTestId('receipt-balance').innerText()).toContain(String(balanceBefore - spent));
    await screenshot(mobile, 'shop-3-receipt-senior');

    await mobile.goto(`/shop?communityId=${TAIFENG}`);
    await mobile.getByTestId('shop-item').first().waitFor();
    expect(await mobile.getByTestId('shop-item').count()).toBe(22);
    await screenshot(mobile, 'shop-4-shop-senior');

    await mobile.goto(`/vouchers?communityId=${TAIFENG}`);
    const offer = mobile.getByTestId('voucher-offer').filter({ hasText: '满30元减5元' });
    await offer.getByTestId('voucher-claim').click();
    await offer.getByTestId('voucher-claim-confirm').click();
    await mobile.getByTestId('voucher-claim-result').waitFor();
    await mobile.goto('/vouchers/mine');
    const voucher = mobile.getByTestId('my-voucher').filter({ hasText: '满30元减5元' }).first();
    await voucher.getByTestId('my-voucher-qr').locator('svg, canvas, img').first().waitFor();
    const voucherCode = (await voucher.getByTestId('my-voucher-code').innerText()).replace(/\s/g, '');
    const voucherId = await voucher.getAttribute('data-voucher-id');
    expect(voucherCode).toMatch(/^[2-9A-Z]{12}$/);
    await screenshot(mobile, 'shop-5-voucher-senior');

    // 5. The pharmacy honours it on its phone; a second honour is refused.
    const shopPhone = await phoneContext(browser, server.baseUrl);
    const merchant = await shopPhone.newPage();
    await signIn(merchant, '/login', '13700000001', /\/merchant$/);
    await merchant.getByTestId('merchant-honour-link').click();
    await field(merchant, 'honour-code-input').fill(voucherCode.toLowerCase());
    await merchant.getByTestId('honour-submit').click();
    await expect.poll(() => merchant.getByTestId('honour-result').innerText()).toContain('5.00');
    await screenshot(merchant, 'shop-6-honoured');
    await field(merchant, 'honour-code-input').fill(voucherCode);
    await merchant.getByTestId('honour-submit').click();
    await expect.poll(() => merchant.getByTestId('honour-error').innerText()).toContain('已使用');
    await screenshot(merchant, 'shop-7-second-honour-refused');
    await expect
      .poll(async () => {
        await mobile.reload();
        return mobile
          .locator(`[data-testid="my-voucher"][data-voucher-id="${voucherId}"]`)
          .getByTestId('my-voucher-status')
          .innerText();
      })
      .toContain('已使用');
    await phone.close();
    await shopPhone.close();
  });
});
