/**
 * One measured export, alone in its own process so its resident set size is its own: `npm run bench` forks this
 * once per variant on the seeded file and reads one JSON line back. RSS is sampled every 5 ms from before the
 * first row until the file is complete; `peakRssMb − rssBeforeMb` is what the export added.
 *
 *   raw       the same keyset pages the export reads (the repository's generator), rows counted and dropped
 *   stream    the export as the route runs it: exportLedger (policy, keyset pages, audit entry) → writeXlsx into a
 *             stream read as fast as it comes (a client on a fast link), bytes counted
 *   stream-capped  the same, forked with a 64 MB V8 heap limit: it completes only if the rows are not kept
 *   in-memory the naive control: one SELECT of every row into an exceljs Workbook held in memory, then writeBuffer
 */
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openSqlite } from '../src/db/connect.js';
import type { AppDeps } from '../src/platform/deps.js';
import { systemClock } from '../src/platform/clock.js';
import { databaseBlobStore } from '../src/platform/blobs.js';
import { writeXlsx } from '../src/platform/xlsx.js';
import { exportLedger } from '../src/modules/points/points.service.js';
import { ledgerOfPeriodForExport } from '../src/modules/points/points.repository.js';
import type { Actor } from '../src/platform/actor.js';

const [file, variant, communityId, from, to, staffJson] = process.argv.slice(2) as [
  string,
  'raw' | 'stream' | 'stream-capped' | 'in-memory',
  string,
  string,
  string,
  string,
];

async function main() {
  const handle = openSqlite(file);
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: { sessionSecret: 'bench-secret-bench-secret-bench-secret', cookieSecure: false, centerName: 'bench' },
    idDigestKey: 'bench',
    blobs: databaseBlobStore(handle.db, systemClock),
  };
  const actor = JSON.parse(staffJson) as Actor;
  const query = { communityId: Number(communityId), from, to };
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  if (variant === 'raw') {
    const { countyDaysWindow } = await import('@zhongli/domain');
    for await (const _row of ledgerOfPeriodForExport(deps.db, {
      communityIds: [query.communityId],
      ...countyDaysWindow(from, to),
    }))
      rows++;
  } else if (variant === 'stream' || variant === 'stream-capped') {
    const sheet = await exportLedger({ deps, actor, query });
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    const done = new Promise((resolve) => out.on('end', resolve));
    rows = await writeXlsx(out, sheet);
    await done;
  } else {
    const sheet = await exportLedger({ deps, actor, query });
    const all = [];
    for await (const row of sheet.rows) all.push(row);
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet(sheet.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    for (const row of all) ws.addRow(sheet.columns.map((c) => row[c.key] as never));
    rows = all.length;
    bytes = (await workbook.xlsx.writeBuffer()).byteLength;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  // What the export still holds once it is done: garbage collected, the heap should be back where it started.
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  await handle.db.destroy();
  const mb = (n: number) => n / 1024 / 1024;
  process.stdout.write(
    `${JSON.stringify({ variant, rows, bytes, seconds, rowsPerSecond: rows / seconds, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak), addedMb: mb(peak - rssBefore), retainedHeapMb: mb(heapAfter - heapBefore) })}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
