import type { TActivityCategory } from '@zhongli/domain';

/** What a staff member reads under 类别: only the center adds categories. */
export const CATEGORY_HINT_STAFF = '类别由中心统一维护；没有合适的，请联系中心添加';

/**
 * The category an activity is saved with. The server accepts only categories in its table, which only the
 * center admin may extend: a new name the center typed is added first (`add`); anyone else gets the reason
 * as a field error instead of a request the server would refuse.
 */
export async function resolveCategory(options: {
  name: string;
  categories: readonly TActivityCategory[];
  centerAdmin: boolean;
  add: (name: string) => Promise<unknown>;
}): Promise<{ ok: true; added: boolean } | { ok: false; error: string }> {
  const { name, categories, centerAdmin, add } = options;
  if (!name || categories.some((c) => c.name === name)) return { ok: true, added: false };
  if (!centerAdmin) return { ok: false, error: CATEGORY_HINT_STAFF };
  await add(name);
  return { ok: true, added: true };
}
