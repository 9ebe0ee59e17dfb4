import { AppError, cursorParts } from '@zhongli/domain';

/**
 * Rows in pages by keyset (`WHERE (key) > (last row's key) ORDER BY key LIMIT n`), never one giant SELECT and
 * never OFFSET: every page is an index range scan from where the previous one stopped, so the 100th page costs
 * what the first did. `fetchPage(after, limit)` gets the previous page's last row (undefined for the first page)
 * and must order by the key it compares.
 */
export async function* keysetPages<Row>(
  fetchPage: (after: Row | undefined, limit: number) => Promise<Row[]>,
  pageSize = 1000,
): AsyncGenerator<Row> {
  let after: Row | undefined;
  for (;;) {
    const page = await fetchPage(after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1];
  }
}

/** The common case: the key is the row's `id`. */
export function keysetRows<Row extends { id: number }>(
  fetchPage: (afterId: number, limit: number) => Promise<Row[]>,
  pageSize = 1000,
): AsyncGenerator<Row> {
  return keysetPages<Row>((after, limit) => fetchPage(after?.id ?? 0, limit), pageSize);
}

/**
 * A public list's page position from `?cursor=` ('12.340.9': the last row's key, dot-separated
 * whole numbers): null for the first page, a 400 naming the field for anything else.
 */
export function keysetCursor<Key extends number[]>(cursor: string | undefined, parts: Key['length']): Key | null {
  const after = cursorParts(cursor, parts);
  if (cursor !== undefined && !after)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'cursor', message: '翻页位置无效' }] });
  return after as Key | null;
}

/**
 * One page from `limit + 1` rows fetched after the cursor: the first `limit`, and the next page's
 * cursor (the last row's key) when the extra row shows there is more.
 */
export function keysetPage<Row>(rows: Row[], limit: number, keyOf: (row: Row) => number[]) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? keyOf(last).join('.') : null };
}
