import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * One `npm test` for everything. The PostgreSQL suite (the same server tests, run again on
 * PostgreSQL) needs TEST_DATABASE_URL; the browser journeys need Chromium. Each is skipped with a
 * clear line when its dependency is missing — unless REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 (set
 * by .ci/run), which turn the missing dependency into a failure.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const hasBrowser = existsSync(CHROMIUM);

if (!hasPostgres) {
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
  console.warn(
    '[zhongli] PostgreSQL suite SKIPPED: set TEST_DATABASE_URL=postgres://… to run the server tests on PostgreSQL too.',
  );
}
if (!hasBrowser) {
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM}`);
  console.warn(
    `[zhongli] Browser journeys SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk).`,
  );
}

const serverTests = ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['domain/src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'lint', include: ['lint/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'server:sqlite',
          include: serverTests,
          environment: 'node',
          env: { ZL_TEST_DB: 'sqlite' },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      ...(hasPostgres
        ? [
            {
              test: {
                name: 'server:postgres',
                include: serverTests,
                environment: 'node',
                env: { ZL_TEST_DB: 'postgres' },
                testTimeout: 20_000,
                hookTimeout: 30_000,
              },
            },
          ]
        : []),
      'web/vitest.config.ts',
      ...(hasBrowser
        ? [
            {
              test: {
                name: 'e2e',
                include: ['e2e/tests/**/*.test.ts'],
                environment: 'node',
                env: { CHROMIUM_PATH: CHROMIUM },
                testTimeout: 120_000,
                hookTimeout: 240_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
