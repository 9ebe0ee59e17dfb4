import type { KyselyPlugin } from 'kysely';
import type { AppDeps } from '../../src/platform/deps.js';

export interface StatementCount {
  /** Transactions opened (each is a BEGIN — IMMEDIATE on SQLite: the write lock — and a COMMIT or ROLLBACK). */
  transactions: number;
  /** Statements run inside those transactions, BEGIN and COMMIT/ROLLBACK not included. */
  inside: number;
  /** Statements run on the database outside any transaction. */
  outside: number;
}

/**
 * Counts what the app runs on `deps.db` while `run` is going, split into inside and outside a
 * transaction, by a Kysely plugin (its `transformQuery` sees every statement once, as it is
 * executed). The routes read `deps.db` per request, so swapping it for a counting handle counts
 * what a request really sends. `inWriter` is what holds SQLite's single writer: each transaction's
 * statements plus its BEGIN and its COMMIT/ROLLBACK.
 */
export async function countStatements<T>(
  deps: AppDeps,
  run: () => Promise<T>,
): Promise<{ result: T; count: StatementCount; inWriter: number }> {
  const original = deps.db;
  const count: StatementCount = { transactions: 0, inside: 0, outside: 0 };
  const counter = (where: 'inside' | 'outside'): KyselyPlugin => ({
    transformQuery: ({ node }) => {
      count[where]++;
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  const outside = original.withPlugin(counter('outside'));
  const insideCounter = counter('inside');
  deps.db = new Proxy(outside, {
    get(target, property) {
      if (property !== 'transaction') {
        // Kysely keeps its state in private fields: its methods must run on the handle itself.
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return () => {
        const builder = original.transaction();
        return {
          execute: <R>(work: (trx: Parameters<Parameters<typeof builder.execute>[0]>[0]) => Promise<R>) =>
            builder.execute((trx) => {
              count.transactions++;
              return work(trx.withPlugin(insideCounter));
            }),
        };
      };
    },
  });
  try {
    const result = await run();
    return { result, count, inWriter: count.inside + 2 * count.transactions };
  } finally {
    deps.db = original;
  }
}
