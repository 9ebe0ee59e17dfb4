/**
 * Excel export of a 100,000-row ledger (issue 13: "streams with bounded memory, peak RSS measured"). One SQLite
 * file is seeded through the ledger's own append (hash chains, balances) with `rows` entries over November 2026;
 * then each variant runs in its own child process (`export-xlsx.child.ts`), so each peak RSS is that export's:
 *
 *   raw → the baseline: the same keyset-paged rows read and dropped (what the query alone costs)
 *   stream → the route's path: rows/s and peak RSS; ratio = stream ÷ raw
 *   stream-capped → the same under `--max-old-space-size=64`: it finishes only if no row is kept (a retained
 *               sheet of 100,000 rows needs over a gigabyte, see the control)
 *   in-memory → a negative control: every row in one Workbook before writing; its RSS grows with the rows, the
 *               streamed export's does not (if the two ever came close, the stream would not be streaming)
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countyInstant } from '@zhongli/domain';
import { appendLedgerEntry } from '../src/modules/points/points.repository.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';
import { log, makeTempDir, openBenchDatabase, removeTempDir, seedPoints } from './support.js';

export interface ExportMeasurement {
  variant: 'raw' | 'stream' | 'stream-capped' | 'in-memory';
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMb: number;
  peakRssMb: number;
  addedMb: number;
  retainedHeapMb: number;
}

export interface ExportRound {
  round: number;
  raw: ExportMeasurement;
  stream: ExportMeasurement;
  /** the streamed export again under a 64 MB V8 heap limit: finishing proves the rows are not held */
  capped: ExportMeasurement;
  inMemory: ExportMeasurement;
  /** stream rows/s ÷ raw rows/s */
  throughputRatio: number;
}

export interface ExportFixture {
  file: string;
  dir: string;
  communityId: number;
  staffJson: string;
  rows: number;
}

/** The seeded file: `rows` award entries over 1–30 November 2026, county time, through appendLedgerEntry. */
export async function seedExportFixture(rows: number): Promise<ExportFixture> {
  const dir = makeTempDir('export');
  const file = path.join(dir, 'export.sqlite');
  const { handle, deps } = await openBenchDatabase(file);
  const fixture = await seedPoints(deps, { residents: 1000 });
  const start = Date.parse(countyInstant('2026-11-01'));
  const span = Date.parse(countyInstant('2026-12-01')) - start;
  const batch = 5000;
  for (let done = 0; done < rows; done += batch) {
    await deps.db.transaction().execute(async (trx) => {
      for (let i = done; i < Math.min(rows, done + batch); i++) {
        const residentId = fixture.residentIds[i % fixture.residentIds.length]!;
        await appendLedgerEntry(trx, {
          residentId,
          communityId: fixture.communityId,
          delta: fixture.rulePoints,
          kind: 'award',
          ruleId: fixture.ruleId,
          ruleRevisionId: fixture.ruleRevisionId,
          refType: null,
          refId: null,
          reason: '参加志愿服务',
          actorUserId: fixture.staff.userId,
          onBehalfResidentId: residentId,
          idempotencyKey: `award:${randomUUID()}`,
          createdAt: new Date(start + Math.floor((span * i) / rows)).toISOString(),
        });
      }
    });
  }
  const integrity = await checkLedgerIntegrity(deps.db, new Date());
  if (!integrity.ok || integrity.entries !== rows)
    throw new Error(`the export bench's ledger is broken: ${JSON.stringify(integrity).slice(0, 300)}`);
  await handle.db.destroy();
  return { file, dir, communityId: fixture.communityId, staffJson: JSON.stringify(fixture.staff), rows };
}

function runChild(fixture: ExportFixture, variant: ExportMeasurement['variant']): Promise<ExportMeasurement> {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(new URL('./export-xlsx.child.ts', import.meta.url)),
      [fixture.file, variant, String(fixture.communityId), '2026-11-01', '2026-11-30', fixture.staffJson],
      {
        execArgv: [
          '--import',
          'tsx',
          '--expose-gc',
          ...(variant === 'stream-capped' ? ['--max-old-space-size=64'] : []),
        ],
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      },
    );
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`export bench child (${variant}) exited with ${code}`));
      const measured = JSON.parse(out.trim().split('\n').pop()!) as ExportMeasurement;
      if (measured.rows !== fixture.rows)
        return reject(new Error(`${variant} read ${measured.rows} rows, expected ${fixture.rows}`));
      resolve(measured);
    });
  });
}

export async function runExportRound(fixture: ExportFixture, round: number): Promise<ExportRound> {
  const raw = await runChild(fixture, 'raw');
  const stream = await runChild(fixture, 'stream');
  const capped = await runChild(fixture, 'stream-capped');
  const inMemory = await runChild(fixture, 'in-memory');
  const throughputRatio = stream.rowsPerSecond / raw.rowsPerSecond;
  log(
    `  round ${round}: raw ${raw.rowsPerSecond.toFixed(0)} rows/s (+${raw.addedMb.toFixed(0)} MB) · streamed xlsx ${stream.rowsPerSecond.toFixed(0)} rows/s, ${(stream.bytes / 1e6).toFixed(1)} MB file, RSS ${stream.rssBeforeMb.toFixed(0)} → ${stream.peakRssMb.toFixed(0)} MB (+${stream.addedMb.toFixed(0)}, heap retained after GC ${stream.retainedHeapMb.toFixed(1)} MB) · with a 64 MB heap: done, ${capped.rowsPerSecond.toFixed(0)} rows/s, RSS +${capped.addedMb.toFixed(0)} MB · in-memory control ${inMemory.rowsPerSecond.toFixed(0)} rows/s, RSS +${inMemory.addedMb.toFixed(0)} MB`,
  );
  return { round, raw, stream, capped, inMemory, throughputRatio };
}

export function removeExportFixture(fixture: ExportFixture): void {
  removeTempDir(fixture.dir);
}
