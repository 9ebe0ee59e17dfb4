import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodFieldErrors } from './forms';

const ZForm = z
  .object({
    name: z.string().min(1, { error: '请填写名称' }),
    lines: z.array(z.object({ quantity: z.number().min(1, { error: '至少1件' }) })),
  })
  .refine((f) => f.name !== 'x', { error: '名称不能是 x' });

describe('zodFieldErrors', () => {
  it('keeps the first message per field, keyed by the first path segment', () => {
    const parsed = ZForm.safeParse({ name: '', lines: [{ quantity: 0 }, { quantity: -1 }] });
    expect(parsed.success).toBe(false);
    expect(zodFieldErrors(parsed.error!)).toEqual({ name: '请填写名称', lines: '至少1件' });
  });

  it('keys by the whole path when asked, and the whole form as form', () => {
    const lines = ZForm.safeParse({ name: 'a', lines: [{ quantity: 1 }, { quantity: 0 }] });
    expect(zodFieldErrors(lines.error!, { fullPath: true })).toEqual({ 'lines.1.quantity': '至少1件' });
    const whole = ZForm.safeParse({ name: 'x', lines: [] });
    expect(zodFieldErrors(whole.error!)).toEqual({ form: '名称不能是 x' });
  });
});
