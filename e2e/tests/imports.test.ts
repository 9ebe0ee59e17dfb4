import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { idNumberCheckCharacter } from '@zhongli/domain';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshotsCopiedTo } from '../support/browser.js';
import { overflowOf } from '../support/overflow.js';
import { signIn } from '../support/journey.js';

/**
 * 批量导入 on the demo county: a community's staff download the residents template, upload a sheet with bad
 * rows and see each one (row, column, reason) with nothing written, fix the sheet, import it, and print the new
 * residents' member cards as an A4 sheet to PDF. The page holds at 390 px; 打印中心 lists the printables.
 */
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

const SHOTS = process.env.IMPORTS_SHOTS_DIR;
const shot = screenshotsCopiedTo(SHOTS);

function idNumber(birthDate: string): string {
  const first17 = `330106${birthDate.replaceAll('-', '')}021`;
  return first17 + idNumberCheckCharacter(first17);
}

async function sheet(rows: Record<string, string>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('居民');
  ws.columns = ['姓名', '身份证号', '手机号', '社区'].map((header) => ({
    header,
    key: header,
    style: { numFmt: '@' },
  }));
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('imports journey', () => {
  it('uploads a sheet with bad rows, sees them, fixes it, imports, and prints the card sheet to PDF', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000001');
    await staff.goto('/console/imports');

    // the template names the staff member's community in its example row
    const template = await staff.request.get('/api/imports/residents/template');
    expect(template.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await template.body()) as unknown as ArrayBuffer);
    const community = String(workbook.worksheets[0]!.getCell('E2').value);
    expect(community).not.toBe('');

    const good = [
      { 姓名: '孙秀梅', 身份证号: idNumber('1948-02-14'), 手机号: '１３９７７７１２００１', 社区: community },
      { 姓名: '李德明', 身份证号: idNumber('1951-07-30'), 手机号: '', 社区: community },
      { 姓名: '周玉兰', 身份证号: idNumber('1955-11-03'), 手机号: ' 139 7771 2003 ', 社区: community },
    ];
    const bad = [
      good[0]!,
      {
        ...good[1]!,
        身份证号: `${idNumber('1951-07-30').slice(0, 17)}${idNumber('1951-07-30').endsWith('0') ? '1' : '0'}`,
      },
      { ...good[2]!, 姓名: '' },
    ];
    const input = staff.getByTestId('import-file');
    await input.setInputFiles({ name: '居民.xlsx', mimeType: XLSX, buffer: await sheet(bad) });
    await staff.getByTestId('import-check').click();
    await staff.getByTestId('import-summary').waitFor();
    const rows = staff.getByTestId('import-error-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-row')).toBe('3');
    expect(await rows.nth(0).innerText()).toContain('身份证号');
    expect(await rows.nth(1).getAttribute('data-row')).toBe('4');
    expect(await rows.nth(1).innerText()).toContain('姓名不能为空');
    expect(await staff.getByTestId('import-confirm').isDisabled()).toBe(true);
    await shot(staff, 'imports-1-bad-rows');
    // nothing written: nobody of the sheet is registered
    const search = await staff.request.get(`/api/residents?q=${encodeURIComponent('孙秀梅')}`);
    expect(((await search.json()) as { residents: unknown[] }).residents).toEqual([]);

    await input.setInputFiles({ name: '居民.xlsx', mimeType: XLSX, buffer: await sheet(good) });
    await staff.getByTestId('import-check').click();
    await expect.poll(() => staff.getByTestId('import-summary').innerText()).toContain('没有问题');
    await staff.getByTestId('import-confirm').click();
    await expect.poll(() => staff.getByTestId('import-done').innerText()).toContain('新登记 3 人');
    await shot(staff, 'imports-2-done');

    await staff.getByTestId('import-print-cards').click();
    await staff.waitForURL(/\/console\/residents\/cards\?importId=/);
    await expect.poll(() => staff.getByTestId('cards-count').innerText()).toContain('共 3 张');
    await expect.poll(() => staff.getByTestId('card-qr').locator('svg').count()).toBe(3);
    expect(await staff.getByTestId('card-name').allInnerTexts()).toEqual(['孙秀梅', '李德明', '周玉兰']);
    await shot(staff, 'imports-3-card-sheet');
    await staff.emulateMedia({ media: 'print' });
    const pdf = await staff.pdf({ printBackground: true, preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    if (SHOTS) writeFileSync(path.join(SHOTS, 'imports-card-sheet.pdf'), pdf); // the directory exists: shot() made it
    await staff.emulateMedia({ media: 'screen' });

    // 期初积分: the paper ledger's balance of one new resident goes in as a batch that waits for a colleague
    const code = (await staff.getByTestId('member-code').first().innerText()).trim();
    await staff.goto('/console/imports');
    await staff.getByTestId('import-kind').getByText('期初积分').click();
    const ledger = new ExcelJS.Workbook();
    const ls = ledger.addWorksheet('期初积分');
    ls.columns = ['会员号', '期初积分', '备注'].map((header) => ({ header, key: header, style: { numFmt: '@' } }));
    ls.addRow({ 会员号: code, 期初积分: '１２０', 备注: '2025年纸质台账' });
    await staff.getByTestId('import-file').setInputFiles({
      name: '期初积分.xlsx',
      mimeType: XLSX,
      buffer: Buffer.from(await ledger.xlsx.writeBuffer()),
    });
    await staff.getByTestId('import-check').click();
    await expect.poll(() => staff.getByTestId('import-summary').innerText()).toContain('共 120 分');
    await staff.getByTestId('import-confirm').click();
    await expect.poll(() => staff.getByTestId('import-done').innerText()).toContain('请另一位工作人员审核');
    const batch = staff.getByTestId('opening-batch').first();
    await expect.poll(() => batch.getAttribute('data-status')).toBe('pending');
    expect(await batch.getByTestId('batch-approve').isDisabled()).toBe(true);
    await batch.getByTestId('batch-same-person').waitFor();
    await shot(staff, 'imports-4-opening-batch');
    await batch.getByTestId('batch-rows').click();
    await expect.poll(() => staff.getByTestId('batch-detail-row').count()).toBe(1);
    expect(await staff.getByTestId('batch-detail-row').innerText()).toContain('孙秀梅');
    await shot(staff, 'imports-4b-opening-batch-rows');

    await staff.goto('/console/print-center');
    await expect.poll(() => staff.getByTestId('printable').count()).toBeGreaterThanOrEqual(8);
    await shot(staff, 'imports-5-print-center');
    await desk.close();

    const phone = await phoneContext(browser, server.baseUrl);
    const onPhone = await phone.newPage();
    await signIn(onPhone, '/console/login', '13800000001');
    await onPhone.goto('/console/imports');
    await onPhone
      .getByTestId('import-file')
      .setInputFiles({ name: '居民.xlsx', mimeType: XLSX, buffer: await sheet(bad) });
    await onPhone.getByTestId('import-check').click();
    await expect.poll(() => onPhone.getByTestId('import-error-row').count()).toBeGreaterThan(0);
    const overflow = await overflowOf(onPhone);
    expect(overflow.offenders).toEqual([]);
    await shot(onPhone, 'imports-6-phone');
    await phone.close();
  }, 180_000);
});
