import { describe, expect, it } from 'vitest';
import { createAppRouter } from '../router';
import { PRINTABLES } from './printables';

describe('打印中心', () => {
  const router = createAppRouter();

  it('links only to pages this build has, and marks those only the center admin may open', () => {
    for (const printable of PRINTABLES.filter((p) => p.link)) {
      const target = router.resolve(printable.link!);
      expect(target.name, printable.key).not.toBe('not-found');
      const centerOnly = target.matched.some((r) => r.meta.centerAdmin);
      expect(!!printable.admin, printable.key).toBe(centerOnly);
    }
  });

  it('lists each printable once', () => {
    const keys = PRINTABLES.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
