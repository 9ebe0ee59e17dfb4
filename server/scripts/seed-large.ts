/**
 * `npm run seed:large` — a county-sized database for the bench: 400,000 fictional residents over
 * 300 communities, six years of weekly activities, a million registrations and several million
 * hash-chained ledger entries, written through the product's own schema. SQLite only.
 *
 *   npm run seed:large -- --file data/large.sqlite [--residents 400000] [--communities 300]
 *                         [--years 6] [--seed 13] [--now 2026-12-01] [--small]
 *
 * The file must not exist (or be an empty database). `--small` is 2,000 residents over 10
 * communities and one year, for a quick look or a test. Then: DATA_DIR=<its folder> npm run points:verify
 * (the file is named zhongli.sqlite for that), or BENCH_LARGE_DB=<file> npm run bench.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seedLargeCounty } from '../src/demo/large.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: process.env.LARGE_DB ?? 'data/large/zhongli.sqlite' },
    residents: { type: 'string' },
    communities: { type: 'string' },
    years: { type: 'string' },
    seed: { type: 'string', default: '13' },
    now: { type: 'string', default: '2026-12-01' },
    small: { type: 'boolean', default: false },
  },
});
if (process.env.DATABASE_URL) {
  console.error('seed:large writes SQLite only; unset DATABASE_URL');
  process.exit(2);
}
const number = (text: string | undefined, fallback: number) => {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive whole number: ${text}`);
  return n;
};
const file = path.resolve(values.file!);
if (existsSync(file)) {
  console.error(`${file} exists: seed:large writes a fresh database (remove the file first)`);
  process.exit(2);
}
mkdirSync(path.dirname(file), { recursive: true });
const options = {
  file,
  residents: number(values.residents, values.small ? 2_000 : 400_000),
  communities: number(values.communities, values.small ? 10 : 300),
  years: number(values.years, values.small ? 1 : 6),
  seed: number(values.seed, 13),
  now: new Date(`${values.now}T00:00:00Z`),
};
if (Number.isNaN(options.now.getTime())) throw new Error(`--now is not a date: ${values.now}`);
console.log(
  `seed:large → ${file}: ${options.residents} residents, ${options.communities} communities, ${options.years} years up to ${values.now}`,
);
const started = Date.now();
const counts = await seedLargeCounty({ ...options, log: (line) => console.log(line) });
const seconds = (Date.now() - started) / 1000;
console.log(JSON.stringify(counts, null, 2));
console.log(`done in ${seconds.toFixed(1)} s; ${(statSync(file).size / 1e6).toFixed(0)} MB`);
