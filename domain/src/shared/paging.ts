/**
 * County-wide public lists come in pages (issue 15): `?limit` (default 50, at most 100) and `?cursor`,
 * the opaque position the previous page answered in its `X-Next-Cursor` header (absent on the last
 * page). The body stays the list it always was, so older clients keep working on the first page.
 *
 * Kept apart from `schemas.ts` on purpose: the web's first chunk imports the header name, and
 * anything in a module that builds zod schemas at load time brings all of zod (about 25 kB brotli)
 * into the resident home's first load.
 */
export const PUBLIC_PAGE_DEFAULT = 50;
export const PUBLIC_PAGE_MAX = 100;
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

/** A cursor's numbers (`12.300.4051` → [12, 300, 4051]); null when it has not `parts` of them. */
export function cursorParts(cursor: string | undefined, parts: number): number[] | null {
  if (cursor === undefined) return null;
  const numbers = cursor.split('.').map(Number);
  return numbers.length === parts && numbers.every(Number.isSafeInteger) ? numbers : null;
}
