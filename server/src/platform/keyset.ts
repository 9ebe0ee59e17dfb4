/**
 * Rows in pages by keyset (`WHERE id > last ORDER BY id LIMIT n`), never one giant SELECT and never OFFSET:
 * every page is an index range scan from where the previous one stopped, so the 100th page costs what the first
 * did. `fetchPage(afterId, limit)` must order by the same `id` ascending.
 */
export async function* keysetRows<Row extends { id: number }>(
  fetchPage: (afterId: number, limit: number) => Promise<Row[]>,
  pageSize = 1000,
): AsyncGenerator<Row> {
  let afterId = 0;
  for (;;) {
    const page = await fetchPage(afterId, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    afterId = page[page.length - 1]!.id;
  }
}
