// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { ref } from 'vue';
import type { TPointsStatement, TPointsStatementEntry } from '@zhongli/domain';
import { pointsApi } from '../api';
import { useStatement } from './useStatement';

function entry(id: number, delta: number, balanceAfter: number): TPointsStatementEntry {
  return {
    id,
    seq: id,
    delta,
    kind: 'award',
    kindLabel: '获得',
    reason: '环境整治',
    ruleName: '环境整治',
    category: '环境整治',
    ref: null,
    at: '2026-11-17T01:30:00Z',
    actorName: '苗圃社区工作人员',
    balanceAfter,
    reversedBy: null,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('useStatement', () => {
  it('loads the balance and first page, then appends the next page without repeating rows', async () => {
    const pages: Record<number, TPointsStatement> = {
      1: {
        residentId: 7,
        name: '萧淑',
        balance: 15,
        entries: [entry(3, 5, 15), entry(2, 5, 10)],
        page: 1,
        hasMore: true,
      },
      // a new award arrived meanwhile, so page 2 starts with a row already shown
      2: {
        residentId: 7,
        name: '萧淑',
        balance: 20,
        entries: [entry(2, 5, 10), entry(1, 5, 5)],
        page: 2,
        hasMore: false,
      },
    };
    const spy = vi.spyOn(pointsApi, 'statement').mockImplementation(async (_id, page = 1) => pages[page]!);
    const { data, loadMore } = useStatement(ref(7), 2);
    await flushPromises();
    expect(data.value?.balance).toBe(15);
    expect(data.value?.entries.map((e) => e.id)).toEqual([3, 2]);
    expect(data.value?.hasMore).toBe(true);

    await loadMore();
    expect(spy).toHaveBeenLastCalledWith(7, 2, 2);
    expect(data.value?.entries.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(data.value?.hasMore).toBe(false);
  });

  it('asks nothing without a resident and reports errors in Chinese', async () => {
    const spy = vi.spyOn(pointsApi, 'statement').mockRejectedValue(new Error('boom'));
    const none = useStatement(ref(null));
    await flushPromises();
    expect(spy).not.toHaveBeenCalled();
    expect(none.data.value).toBeUndefined();

    const failing = useStatement(ref(7));
    await flushPromises();
    expect(failing.errorText.value).toBe('系统繁忙，请稍后再试');
    expect(failing.isLoading.value).toBe(false);
  });
});
