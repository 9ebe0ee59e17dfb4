import { describe, expect, it, vi } from 'vitest';
import { CATEGORY_HINT_STAFF, resolveCategory } from './categories';

const categories = [
  { id: 1, name: '健康讲座' },
  { id: 2, name: '节日活动' },
];

describe('the category an activity is saved with', () => {
  it('takes a listed category as it is, for anyone', async () => {
    const add = vi.fn();
    for (const centerAdmin of [true, false])
      expect(await resolveCategory({ name: '节日活动', categories, centerAdmin, add })).toEqual({
        ok: true,
        added: false,
      });
    expect(add).not.toHaveBeenCalled();
  });

  it('adds a new category the center admin typed before the activity is saved', async () => {
    const add = vi.fn().mockResolvedValue([]);
    expect(await resolveCategory({ name: '文体活动', categories, centerAdmin: true, add })).toEqual({
      ok: true,
      added: true,
    });
    expect(add).toHaveBeenCalledWith('文体活动');
  });

  it("tells staff that categories are the center's, without sending what the server would refuse", async () => {
    const add = vi.fn();
    expect(await resolveCategory({ name: '文体活动', categories, centerAdmin: false, add })).toEqual({
      ok: false,
      error: CATEGORY_HINT_STAFF,
    });
    expect(add).not.toHaveBeenCalled();
  });

  it('leaves an empty category to the form schema (类别 is required there)', async () => {
    const add = vi.fn();
    expect(await resolveCategory({ name: '', categories, centerAdmin: true, add })).toEqual({ ok: true, added: false });
    expect(add).not.toHaveBeenCalled();
  });
});
