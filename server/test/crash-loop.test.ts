import { describe, expect, it } from 'vitest';
import { runCrashLoop } from './crash/loop.js';

/**
 * The crash loop in the suite, on this project's database (SQLite, or PostgreSQL with the server
 * killed and the database left running): CRASH_CYCLES kill -9 cycles (30 unless set) under a mixed
 * load, and after each one the checks of crash/check.ts. `npm run test:crash -- --cycles 200` runs
 * longer ones on demand. A failure prints the seed: `npm run test:crash -- --seed S` repeats it.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 30);

describe('the crash loop', () => {
  it(`loses no acknowledged write and breaks no invariant across ${CYCLES} kill -9 cycles`, async () => {
    const report = await runCrashLoop({ cycles: CYCLES });
    const figures = `seed ${report.seed}: ${report.cycles} cycles on ${report.dialect}, ${report.requests} requests, ${report.acknowledged} acknowledged, ${report.seconds} s`;
    console.log(`[crash loop] ${figures} ${JSON.stringify(report.byKind)}`);
    expect({ figures, problems: report.problems, serverErrors: report.serverErrors }).toEqual({
      figures,
      problems: [],
      serverErrors: [],
    });
    expect(report.cycles).toBe(CYCLES);
    // Every kind of write was acknowledged at least once, so each was put to the test.
    expect(Object.keys(report.byKind).sort()).toEqual(
      [
        'booking',
        'booking-cancelled',
        'checkin',
        'ledger-entry',
        'redemption',
        'registration',
        'registration-cancelled',
        'voucher',
        'voucher-honoured',
      ].sort(),
    );
  }, 900_000);
});
