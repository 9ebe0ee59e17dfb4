/**
 * `npm run bench`: every benchmark in sequence, each against a baseline measured in the same run,
 * then one summary (printed, and written to bench-results/latest.json at the repo root).
 *
 * Not part of `npm test`: it takes a couple of minutes and its figures depend on the machine.
 * Tunables for a quick try (the defaults are what the figures in issues are taken with):
 *   BENCH_ROUNDS=3 BENCH_SECONDS=10 BENCH_WARMUP_SECONDS=2 BENCH_CONNECTIONS=10
 *   BENCH_RESIDENTS=1000 BENCH_APPENDS=2000 BENCH_APPEND_WARMUP=200 BENCH_APPEND_RESIDENTS=200
 *   BENCH_SHOP_ITEMS=200 BENCH_SHOP_STOCK=600 BENCH_SHOP_GRANTS=1
 *   BENCH_FLASH_RESIDENTS=2000 BENCH_FLASH_CONNECTIONS=100 BENCH_FLASH_ROUNDS=3
 *   (BENCH_ONLY=flash runs the flash crowd alone)
 * County scale (county.bench.ts): BENCH_LARGE_DB=<a `npm run seed:large` file> adds the dashboard,
 * report and hot queries timed next to SELECT 1 with their query plans (BENCH_COUNTY_ROUNDS, 3);
 * BENCH_ONLY=county runs only that part.
 *   BENCH_EXPORT_ROWS=100000 (BENCH_ONLY=export runs the Excel export alone)
 *   BENCH_STATIC_SECONDS=5 BENCH_STATIC_ROUNDS=3 (static.bench.ts: first-load bytes, the web app's files
 *   vs a bare route; BENCH_ONLY=static runs it alone; needs `npm run build`)
 * BENCH_ONLY=write runs the write path alone: the HTTP rounds (with the durable-write limit) and the ledger append.
 * BENCH_ONLY=startup: `npm start` → first answer, tsx against the compiled server (startup.bench.ts).
 * The shop defaults cover about 3,000 redemptions/s sustained over both rounds (1.5 units and at most
 * 4.5 points each); a faster machine needs more stock (an OUT_OF_STOCK 409 aborts the bench).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runHttpRound, startHttpServers, type HttpRound } from './http-award.bench.js';
import { redemptionProblems } from './http-redemption.bench.js';
import { runFlashCrowdRound, type FlashRound } from './flash-crowd.bench.js';
import { runLedgerAppendRound, type LedgerAppendRound } from './ledger-append.bench.js';
import { runSerializationRound, type SerializationRow } from './serialization.bench.js';
import { runCountyBench, type CountyBenchResult } from './county.bench.js';
import { countyQueryExtras } from './county-queries.bench.js';
import { removeExportFixture, runExportRound, seedExportFixture, type ExportRound } from './export-xlsx.bench.js';
import { runStartupBench } from './startup.bench.js';
import { fmt, log, machineInfo, table } from './support.js';
import { runStaticBench } from './static.bench.js';
import { writePathSummary } from './durable-write.bench.js';
import { publicReadsSummary, runPublicReadsBench } from './public-reads.bench.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const options = {
  rounds: env('BENCH_ROUNDS', 3),
  http: {
    connections: env('BENCH_CONNECTIONS', 10),
    seconds: env('BENCH_SECONDS', 10),
    warmupSeconds: env('BENCH_WARMUP_SECONDS', 2),
    residents: env('BENCH_RESIDENTS', 1000),
  },
  shop: {
    items: env('BENCH_SHOP_ITEMS', 200),
    stockPerItem: env('BENCH_SHOP_STOCK', 600),
    grants: env('BENCH_SHOP_GRANTS', 1),
  },
  flash: {
    residents: env('BENCH_FLASH_RESIDENTS', 2000),
    connections: env('BENCH_FLASH_CONNECTIONS', 100),
    capacity: 25,
    rounds: env('BENCH_FLASH_ROUNDS', 3),
  },
  export: { rows: env('BENCH_EXPORT_ROWS', 100_000) },
  ledger: {
    appends: env('BENCH_APPENDS', 2000),
    warmup: env('BENCH_APPEND_WARMUP', 200),
    residents: env('BENCH_APPEND_RESIDENTS', 200),
  },
};

const largeDb = process.env.BENCH_LARGE_DB;
const countyRounds = env('BENCH_COUNTY_ROUNDS', 3);

function writeResults(name: string, results: unknown) {
  const dir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${name}`, `${JSON.stringify(results, null, 2)}\n`);
  log(`written to bench-results/${name}`);
}

async function main() {
  const startedAt = new Date();
  const machine = machineInfo();
  log(
    `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}, ${machine.platform}, temp files in ${machine.tmpdir}`,
  );
  if (process.env.BENCH_ONLY === 'startup') {
    const startup = await runStartupBench(env('BENCH_STARTUP_ROUNDS', 3));
    writeResults('startup.json', { startedAt: startedAt.toISOString(), machine, load: os.loadavg(), startup });
    return;
  }
  if (process.env.BENCH_ONLY === 'county') {
    if (!largeDb) throw new Error('BENCH_ONLY=county needs BENCH_LARGE_DB=<a seed:large database file>');
    const county = await runCountyBench(largeDb, {
      rounds: countyRounds,
      asItIs: process.env.BENCH_NO_MIGRATE === '1',
      extraQueries: countyQueryExtras,
    });
    writeResults('county.json', { startedAt: startedAt.toISOString(), machine, county });
    return;
  }

  const only = process.env.BENCH_ONLY;
  const staticOptions = {
    rounds: env('BENCH_STATIC_ROUNDS', 3),
    connections: options.http.connections,
    seconds: env('BENCH_STATIC_SECONDS', 5),
  };
  if (only === 'static') {
    writeResults('static.json', {
      startedAt: startedAt.toISOString(),
      machine,
      static: await runStaticBench(staticOptions),
    });
    return;
  }
  // BENCH_ONLY=flash: the flash crowd alone (its server process is the HTTP bench's, without the award and redemption rounds).
  const otherRounds = only === 'flash' ? 0 : options.rounds;
  if (only === 'public') {
    const publicReads = await runPublicReads();
    writeResults('public.json', { startedAt: startedAt.toISOString(), machine, publicReads });
    return;
  }
  const httpRounds: HttpRound[] = [];
  const flashRounds: FlashRound[] = [];
  let awardsSent = 1; // the probe
  let redemptionsSent = 1; // the probe
  let httpVerified;
  let seeded;
  let servers: Awaited<ReturnType<typeof startHttpServers>> | undefined;
  const ledgerRounds: LedgerAppendRound[] = [];
  const serializationRounds: { round: number; rows: SerializationRow[] }[] = [];
  if (only !== 'export') {
    // 1. HTTP: one server process for all rounds (the app and the bare instance side by side);
    //    award and counter redemption each against the bare route measured in the same round;
    //    then the flash crowd (booking burst against the bare instance's booking route).
    log(
      `\nHTTP award and counter redemption vs bare route: ${options.http.connections} connections × ${options.http.seconds} s after a ${options.http.warmupSeconds} s warm-up, ${options.http.residents} residents and ${options.shop.items} items in rotation`,
    );
    servers = await startHttpServers(options.http.residents, options.shop, options.flash.residents);
    seeded = servers.ready.seeded;
    log(
      `  seeded: ${seeded.grantAwards} grant awards (${seeded.grantPointsPerResident} points per resident), ${seeded.items} items with ${seeded.units} units in stock, in ${seeded.seconds.toFixed(1)} s`,
    );
    try {
      for (let round = 1; round <= otherRounds; round++) {
        const {
          awardsSent: awards,
          redemptionsSent: redemptions,
          ...result
        } = await runHttpRound(servers, round, options.http);
        awardsSent += awards;
        redemptionsSent += redemptions;
        httpRounds.push(result);
      }
      // Every 201 is a committed award or redemption; requests still in flight when a run stopped may have committed too.
      httpVerified = await servers.verify();
      if (
        httpVerified.balanceMismatches !== 0 ||
        !httpVerified.integrityOk ||
        httpVerified.awardEntries < awardsSent ||
        httpVerified.auditEntries !== httpVerified.allAwardEntries ||
        httpVerified.allAwardEntries !== httpVerified.awardEntries + seeded.grantAwards
      ) {
        throw new Error(
          `the HTTP bench left a broken ledger: ${JSON.stringify({ ...httpVerified, awardsAnswered201: awardsSent })}`,
        );
      }
      const problems = redemptionProblems(httpVerified, redemptionsSent);
      if (problems.length)
        throw new Error(
          `the redemption bench left a broken shop or ledger: ${problems.join('; ')}: ${JSON.stringify({ ...httpVerified.shop, redemptionsAnswered201: redemptionsSent })}`,
        );
      const shop = httpVerified.shop;
      log(
        `  verified: ${httpVerified.entries} ledger entries over ${httpVerified.residentsWithEntries} residents, balance = sum(delta) for all, hash chains intact`,
      );
      log(
        `    awards: ${httpVerified.awardEntries} entries of the bench rule (${awardsSent} answered 201), one audit entry each`,
      );
      log(
        `    redemptions: ${shop.redemptions} (${redemptionsSent} answered 201), ${shop.lines} lines, ${shop.unitsRedeemed} units; for every item initial − current stock = units redeemed = units taken from its lots, lowest stock left ${shop.minStockLeft}`,
      );

      const durable = await servers.ask<{ type: 'durable-verified'; appends: number; entries: number }>(
        { type: 'durable-verify' },
        'durable-verified',
      );
      log(
        `    durable-write limit: ${durable.entries} entries (${durable.appends} answered 201), balances and hash chains intact`,
      );

      // The flash crowd, in the same server process once the award and redemption rounds are over
      // (it touches neither the ledger nor the shop); each round checks its own session.
      log(
        `\nFlash crowd vs bare route: ${options.flash.residents} residents book one session of ${options.flash.capacity} places at once, each with their own session cookie, over ${options.flash.connections} connections (logins for ${options.flash.residents} + 1 residents seeded in ${servers.ready.flash.seconds.toFixed(1)} s)`,
      );
      if (only !== 'write') {
        await runFlashCrowdRound(servers, 0, options.flash);
        for (let round = 1; round <= options.flash.rounds; round++)
          flashRounds.push(await runFlashCrowdRound(servers, round, options.flash));
      }
    } finally {
      await servers.stop();
    }

    // 2. Ledger append, in this process: no HTTP, nothing else running.
    log(
      `\nLedger append, Kysely vs raw better-sqlite3: ${options.ledger.appends} appends after ${options.ledger.warmup} warm-up, ${options.ledger.residents} residents in rotation`,
    );
    for (let round = 1; round <= otherRounds; round++)
      ledgerRounds.push(await runLedgerAppendRound(round, options.ledger));

    // 3. Writing responses through the typed contract, in this process.
    if (only !== 'write') {
      log(`\nResponse writing: JSON.stringify (no schema) vs zod encode vs fast-json-stringify from the same schema`);
      for (let round = 1; round <= otherRounds; round++)
        serializationRounds.push({ round, rows: runSerializationRound() });
    }
  }

  // 4. Excel export of a large ledger: each variant in its own process (its own RSS).
  log(
    `\nExcel export, streamed xlsx vs reading the same rows raw: ${options.export.rows} ledger rows (seeded through appendLedgerEntry), each variant in its own child process`,
  );
  const exportRounds: ExportRound[] = [];
  if (only !== 'flash' && only !== 'write') {
    const exportFixture = await seedExportFixture(options.export.rows);
    try {
      for (let round = 1; round <= options.rounds; round++)
        exportRounds.push(await runExportRound(exportFixture, round));
    } finally {
      removeExportFixture(exportFixture);
    }
  }

  // 4b. The web app's files (issue 15): first-load bytes, assets and index.html vs a bare route.
  const staticResult =
    only === 'export' || only === 'flash' || only === 'write' ? undefined : await runStaticBench(staticOptions);

  // 5. County scale, when a seed:large database is given.
  let county: CountyBenchResult | undefined;
  if (largeDb)
    county = await runCountyBench(largeDb, {
      rounds: countyRounds,
      asItIs: process.env.BENCH_NO_MIGRATE === '1',
      extraQueries: countyQueryExtras,
    });

  // 6. Summary.
  const rows: string[][] = [];
  for (const r of httpRounds) {
    rows.push([
      'award ÷ bare, requests/s',
      String(r.round),
      fmt(r.bare.requestsPerSecond),
      fmt(r.award.requestsPerSecond),
      fmt(r.throughputRatio, 3),
    ]);
    rows.push([
      'award ÷ bare, p50 ms',
      String(r.round),
      fmt(r.bare.p50Ms, 2),
      fmt(r.award.p50Ms, 2),
      fmt(r.p50Ratio, 1),
    ]);
    rows.push([
      'award ÷ bare, p99 ms',
      String(r.round),
      fmt(r.bare.p99Ms, 2),
      fmt(r.award.p99Ms, 2),
      fmt(r.p99Ratio, 1),
    ]);
  }
  for (const r of httpRounds) {
    rows.push([
      'redemption ÷ bare, requests/s',
      String(r.round),
      fmt(r.bare.requestsPerSecond),
      fmt(r.redemption.requestsPerSecond),
      fmt(r.redemptionRatios.throughput, 3),
    ]);
    rows.push([
      'redemption ÷ bare, p50 ms',
      String(r.round),
      fmt(r.bare.p50Ms, 2),
      fmt(r.redemption.p50Ms, 2),
      fmt(r.redemptionRatios.p50, 1),
    ]);
    rows.push([
      'redemption ÷ bare, p99 ms',
      String(r.round),
      fmt(r.bare.p99Ms, 2),
      fmt(r.redemption.p99Ms, 2),
      fmt(r.redemptionRatios.p99, 1),
    ]);
  }
  for (const r of flashRounds) {
    rows.push([
      'flash booking ÷ bare, settle ms',
      String(r.round),
      fmt(r.bare.settleMs),
      fmt(r.booking.settleMs),
      fmt(r.settleRatio, 1),
    ]);
    rows.push([
      'flash booking ÷ bare, p50 ms',
      String(r.round),
      fmt(r.bare.p50Ms, 2),
      fmt(r.booking.p50Ms, 2),
      fmt(r.p50Ratio, 1),
    ]);
    rows.push([
      'flash booking ÷ bare, p99 ms',
      String(r.round),
      fmt(r.bare.p99Ms, 2),
      fmt(r.booking.p99Ms, 2),
      fmt(r.p99Ratio, 1),
    ]);
  }
  for (const r of ledgerRounds) {
    rows.push([
      'ledger Kysely ÷ raw, appends/s (FULL)',
      String(r.round),
      fmt(r.full.raw.appendsPerSecond),
      fmt(r.full.kysely.appendsPerSecond),
      fmt(r.full.ratio, 3),
    ]);
  }
  for (const r of ledgerRounds) {
    rows.push([
      '  diagnostic, synchronous=NORMAL',
      String(r.round),
      fmt(r.normal.raw.appendsPerSecond),
      fmt(r.normal.kysely.appendsPerSecond),
      fmt(r.normal.ratio, 3),
    ]);
  }
  for (const r of ledgerRounds) {
    rows.push([
      '  per-append p50/p99 ms (FULL)',
      String(r.round),
      `${fmt(r.full.raw.p50Ms, 3)}/${fmt(r.full.raw.p99Ms, 3)}`,
      `${fmt(r.full.kysely.p50Ms, 3)}/${fmt(r.full.kysely.p99Ms, 3)}`,
      '',
    ]);
  }
  for (const { round, rows: serialized } of serializationRounds) {
    for (const r of serialized) {
      rows.push([
        `write ${r.payload}: zod ÷ JSON.stringify`,
        String(round),
        fmt(r.baselinePerSecond),
        fmt(r.zodPerSecond),
        fmt(r.zodRatio, 2),
      ]);
      rows.push([
        `write ${r.payload}: fjs ÷ JSON.stringify`,
        String(round),
        fmt(r.baselinePerSecond),
        fmt(r.fjsPerSecond),
        fmt(r.fjsRatio, 2),
      ]);
    }
  }
  for (const r of exportRounds) {
    rows.push([
      `export ${options.export.rows} rows: xlsx ÷ raw, rows/s`,
      String(r.round),
      fmt(r.raw.rowsPerSecond),
      fmt(r.stream.rowsPerSecond),
      fmt(r.throughputRatio, 3),
    ]);
    rows.push([
      '  xlsx peak RSS ÷ RSS before, MB',
      String(r.round),
      fmt(r.stream.rssBeforeMb),
      fmt(r.stream.peakRssMb),
      fmt(r.stream.peakRssMb / r.stream.rssBeforeMb, 2),
    ]);
    rows.push([
      '  xlsx with a 64 MB heap, peak RSS MB',
      String(r.round),
      fmt(r.capped.rssBeforeMb),
      fmt(r.capped.peakRssMb),
      fmt(r.capped.peakRssMb / r.capped.rssBeforeMb, 2),
    ]);
    rows.push([
      '  control: in-memory peak RSS, MB',
      String(r.round),
      fmt(r.inMemory.rssBeforeMb),
      fmt(r.inMemory.peakRssMb),
      fmt(r.inMemory.peakRssMb / r.inMemory.rssBeforeMb, 2),
    ]);
  }
  log(`\nSummary (baseline = bare route / raw better-sqlite3 / JSON.stringify; ratio = measured ÷ baseline)\n`);
  log(table(['measurement', 'round', 'baseline', 'measured', 'ratio'], rows));
  log(`\nWrite path over ${httpRounds.length} rounds (min / median / max)\n`);
  log(table(['measurement', 'min / median / max'], writePathSummary(httpRounds, ledgerRounds)));
  log(`\n${machine.cpu} · ${machine.cores} cores · Node ${machine.node} · SQLite ${machine.sqlite}`);

  const results = {
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine,
    options,
    http: {
      rounds: httpRounds,
      seeded,
      verified: httpVerified,
      awardsAnswered201: awardsSent,
      redemptionsAnswered201: redemptionsSent,
    },
    flash: {
      rounds: flashRounds,
      seeded: servers && { residents: servers.ready.flash.residentIds.length, seconds: servers.ready.flash.seconds },
    },
    ledger: { rounds: ledgerRounds },
    serialization: { rounds: serializationRounds },
    county,
    export: { rows: options.export.rows, rounds: exportRounds },
    static: staticResult,
    publicReads: only === 'export' || only === 'flash' || only === 'write' ? undefined : await runPublicReads(),
  };
  writeResults('latest.json', results);
  log(`${results.seconds.toFixed(0)} s in all`);
}

/** The public reads (public-reads.bench.ts): cache off and on against a bare GET, min / median / max over the rounds. */
async function runPublicReads() {
  const publicOptions = {
    rounds: env('BENCH_PUBLIC_ROUNDS', 3),
    seconds: env('BENCH_PUBLIC_SECONDS', 5),
    warmupSeconds: env('BENCH_WARMUP_SECONDS', 2),
    connections: env('BENCH_PUBLIC_CONNECTIONS', 10),
  };
  log(
    `\nPublic reads vs a bare GET route, cache off and on: ${publicOptions.connections} connections × ${publicOptions.seconds} s, ${publicOptions.rounds} rounds`,
  );
  const result = await runPublicReadsBench(publicOptions);
  log(
    table(
      ['read', 'uncached ÷ bare (min / median / max)', 'cached ÷ bare', 'cached req/s'],
      publicReadsSummary(result.rounds),
    ),
  );
  return result;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
