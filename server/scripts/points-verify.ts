/**
 * `npm run points:verify` — the integrity check from the command line, for an auditor or a cron
 * job: recomputes every balance from the ledger, verifies every hash chain, prints the report and
 * exits 1 on any mismatch. Reads DATABASE_URL / DATA_DIR like the server; changes nothing.
 */
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { checkLedgerIntegrity } from '../src/modules/points/index.js';

const config = loadConfig();
const handle = openDatabase(config);
try {
  await migrateToLatest(handle.db, handle.dialect);
  const report = await checkLedgerIntegrity(handle.db, new Date());
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`积分账本核查 (${handle.dialect}) ${report.checkedAt}`);
    console.log(`  entries: ${report.entries}   residents with a balance: ${report.residents}`);
    console.log(`  root hash: ${report.rootHash}`);
    for (const m of report.mismatches.slice(0, 50)) {
      console.log(
        `  MISMATCH resident ${m.residentId}: ${m.problem}${m.entryId ? ` (entry ${m.entryId})` : ''}${m.expected !== undefined ? ` expected ${m.expected}, found ${m.actual}` : ''}`,
      );
    }
    if (report.mismatches.length > 50) console.log(`  … and ${report.mismatches.length - 50} more`);
    console.log(
      report.ok
        ? '  OK: every balance equals the sum of its entries and every chain verifies.'
        : `  FAILED: ${report.mismatches.length} mismatch(es).`,
    );
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await handle.close();
}
