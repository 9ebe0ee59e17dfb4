/**
 * `npm run points:verify` — the integrity check from the command line, for an auditor or a cron
 * job. By default incremental: only what came after each chain's last verified checkpoint head (the
 * first run, with no checkpoint yet, is full). `--full` replays every chain from the genesis and checks
 * that each still passes through its checkpointed head, with progress on stderr. Prints the report and
 * exits 1 on any mismatch. Each run is recorded (上次核查) and, when it passed, becomes the new
 * checkpoint; the ledger itself is never changed. Reads DATABASE_URL / DATA_DIR like the server.
 */
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { systemClock } from '../src/platform/clock.js';
import { verifyLedger, type IntegrityProgress } from '../src/modules/points/index.js';

const config = loadConfig();
const handle = openDatabase(config);
const json = process.argv.includes('--json');

/** At most one line every two seconds (and the last), on stderr so `--json` stays parseable. */
function progressPrinter(): (p: IntegrityProgress) => void {
  const started = performance.now();
  let printed = 0;
  return ({ entries, total }) => {
    const elapsed = performance.now() - started;
    if (elapsed - printed < 2000 && entries < total) return;
    printed = elapsed;
    const percent = total ? Math.min(100, Math.floor((entries / total) * 100)) : 100;
    process.stderr.write(`  … ${entries} / ${total} entries (${percent}%), ${(elapsed / 1000).toFixed(1)} s\n`);
  };
}

try {
  await migrateToLatest(handle.db, handle.dialect);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await verifyLedger({
    deps: { db: handle.db, clock: systemClock },
    mode: process.argv.includes('--full') ? 'full' : 'incremental',
    onProgress: json ? undefined : progressPrinter(),
  });
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = `${((performance.now() - started) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`;
  if (json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const mode = report.mode === 'full' ? 'full' : 'incremental (since the last checkpoint; --full for everything)';
    console.log(`积分账本核查 (${handle.dialect}) ${report.checkedAt}: ${mode}, ${seconds}`);
    console.log(
      `  entries: ${report.entries}   chains checked: ${report.chainsChecked}   residents with a balance: ${report.residents}`,
    );
    console.log(`  root hash: ${report.rootHash}`);
    for (const m of report.mismatches.slice(0, 50)) {
      console.log(
        `  MISMATCH resident ${m.residentId}: ${m.problem}${m.entryId ? ` (entry ${m.entryId})` : ''}${m.expected !== undefined ? ` expected ${m.expected}, found ${m.actual}` : ''}`,
      );
    }
    if (report.mismatches.length > 50) console.log(`  … and ${report.mismatches.length - 50} more`);
    console.log(
      report.ok
        ? '  OK: every balance equals the sum of its entries and every chain verifies. Checkpoint written.'
        : `  FAILED: ${report.mismatches.length} mismatch(es).`,
    );
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await handle.close();
}
