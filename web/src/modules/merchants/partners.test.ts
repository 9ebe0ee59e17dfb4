// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import MerchantStars from './components/MerchantStars.vue';
import {
  countyLocalNow,
  countyLocalToIso,
  kindCounts,
  monthLabelZh,
  qualityText,
  recentTrend,
  requestAgeText,
  requestCounts,
  sortRequests,
  starsDisplay,
  wallSections,
} from './partners';

describe('stars', () => {
  it('shows ★ per star and says the number for screen readers', () => {
    expect(starsDisplay(4)).toEqual({ text: '★★★★', label: '4星（满5星）', rated: true });
    expect(starsDisplay(5).text).toBe('★★★★★');
    expect(starsDisplay(1).text).toBe('★');
  });

  it('says 暂未评星 at zero and never shows more than five', () => {
    expect(starsDisplay(0).text).toBe('暂未评星');
    expect(starsDisplay(0).rated).toBe(false);
    expect(starsDisplay(0).label).toContain('满3次');
    expect(starsDisplay(7).text).toBe('★★★★★');
    expect(starsDisplay(-1).text).toBe('暂未评星');
  });

  it('renders the component with its test id and an accessible label', () => {
    const rated = mount(MerchantStars, { props: { stars: 3 }, attrs: { 'data-testid': 'merchant-stars' } });
    expect(rated.get('[data-testid="merchant-stars"]').text()).toBe('★★★');
    expect(rated.attributes('aria-label')).toBe('3星（满5星）');
    const none = mount(MerchantStars, { props: { stars: 0 } });
    expect(none.text()).toBe('暂未评星');
    expect(none.classes()).toContain('zl-stars--none');
  });
});

describe('request age wording', () => {
  it('counts working days while waiting', () => {
    expect(requestAgeText({ status: 'open', ageWorkingDays: 0, overdue: false })).toBe('不满1个工作日');
    expect(requestAgeText({ status: 'open', ageWorkingDays: 2, overdue: false })).toBe('已 2 个工作日');
    expect(requestAgeText({ status: 'in_progress', ageWorkingDays: 1, overdue: false })).toBe('已 1 个工作日');
  });

  it('says when the 3-working-day target has passed', () => {
    expect(requestAgeText({ status: 'open', ageWorkingDays: 4, overdue: true })).toBe('已 4 个工作日，已超过3个工作日');
  });

  it('says how long a resolved request took, not that it is late', () => {
    expect(requestAgeText({ status: 'resolved', ageWorkingDays: 5, overdue: true })).toBe('用时 5 个工作日办结');
    expect(requestAgeText({ status: 'resolved', ageWorkingDays: 0, overdue: false })).toBe('当天办结');
  });

  it('counts and orders requests: open, in progress, resolved; newest first', () => {
    const list = [
      { id: 1, status: 'resolved' as const, createdAt: '2026-11-01T00:00:00Z' },
      { id: 2, status: 'open' as const, createdAt: '2026-11-02T00:00:00Z' },
      { id: 3, status: 'in_progress' as const, createdAt: '2026-11-03T00:00:00Z' },
      { id: 4, status: 'open' as const, createdAt: '2026-11-04T00:00:00Z' },
    ];
    expect(requestCounts(list)).toEqual({ open: 2, in_progress: 1, resolved: 1 });
    expect(sortRequests(list).map((r) => r.id)).toEqual([4, 2, 3, 1]);
  });
});

describe('the wall', () => {
  const m = (name: string, partyAlliance: boolean, stars: number, contributions: number) => ({
    name,
    partyAlliance,
    stars,
    contributions,
  });

  it('puts 党建联盟商户 first, then rated merchants by stars, then the rest', () => {
    const { alliance, rated, others } = wallSections([
      m('甲', false, 3, 4),
      m('乙', true, 0, 1),
      m('丙', false, 5, 12),
      m('丁', false, 0, 1),
      m('戊', true, 4, 7),
      m('己', false, 3, 6),
    ]);
    expect(alliance.map((x) => x.name)).toEqual(['戊', '乙']);
    expect(rated.map((x) => x.name)).toEqual(['丙', '己', '甲']);
    expect(others.map((x) => x.name)).toEqual(['丁']);
  });

  it('shows counts by kind, largest first, and drops zeros', () => {
    expect(kindCounts({ 捐赠物品: 1, 便民摊位: 3, 赞助活动: 0 }).map((c) => c.text)).toEqual([
      '便民摊位 3次',
      '捐赠物品 1次',
    ]);
  });
});

describe('trend and dates', () => {
  it('keeps the latest months, oldest first', () => {
    const history = ['2026-11', '2026-10', '2026-09', '2026-08'].map((month) => ({
      month,
      stars: 3,
      contributions: 4,
      averageQuality: 4,
      explanation: '',
    }));
    expect(recentTrend(history, 3).map((h) => h.month)).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('labels months with the year only when it is not this year', () => {
    expect(monthLabelZh('2026-11', 2026)).toBe('11月');
    expect(monthLabelZh('2025-12', 2026)).toBe('2025年12月');
  });

  it('says when quality is still to be confirmed', () => {
    expect(qualityText(null)).toBe('待社区确认质量');
    expect(qualityText(4)).toBe('质量 4 分');
  });

  it('reads the form time on the county clock', () => {
    expect(countyLocalToIso('2026-11-17T09:30')).toBe('2026-11-17T01:30:00.000Z');
    expect(countyLocalToIso('')).toBeUndefined();
    // 23:30 UTC is already the next morning in the county
    expect(countyLocalNow(new Date('2026-11-16T23:30:00Z'))).toBe('2026-11-17T07:30');
  });
});
