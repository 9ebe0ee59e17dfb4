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
