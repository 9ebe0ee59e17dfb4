/**
 * `npm run test:crash -- [--cycles N] [--seed S] [--postgres]` — the crash loop on demand, longer
 * than the suite's. SQLite by default; --postgres uses a fresh database on TEST_DATABASE_URL.
 * Prints each cycle and the figures; exits 1 on any problem.
 */
import { runCrashLoop } from './loop.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
if (process.argv.includes('--postgres')) {
  if (!process.env.TEST_DATABASE_URL) throw new Error('--postgres needs TEST_DATABASE_URL');
  process.env.ZL_TEST_DB = 'postgres';
}
const report = await runCrashLoop({
  cycles: Number(arg('cycles') ?? 100),
  seed: arg('seed') ? Number(arg('seed')) : undefined,
  log: (line) => console.log(line),
});
console.log(JSON.stringify({ ...report, killAfterMs: undefined }, null, 2));
const failed = report.problems.length > 0 || report.serverErrors.length > 0;
console.log(
  failed
    ? `FAILED: ${report.problems.length} problem(s), ${report.serverErrors.length} server error(s)`
    : `OK: ${report.cycles} kill -9 cycles on ${report.dialect}, ${report.acknowledged} acknowledged writes, none lost`,
);
process.exitCode = failed ? 1 : 0;
