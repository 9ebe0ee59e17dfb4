// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { TService } from '@zhongli/domain';
import ServicesView from './ServicesView.vue';

// Vant's per-component CSS entries are .css files Node cannot load; styles play no part here.
vi.mock('vant/es/loading/style', () => ({}));
vi.mock('vant/es/nav-bar/style', () => ({}));

const service: TService = {
  id: 1,
  name: '1元理发屋',
  communityId: 3,
  communityName: '苗圃社区',
  venue: '理发屋',
  venueId: null,
  priceFen: 100,
  residentNote: '请在一楼大厅等候叫号，带上会员卡',
  companionNote: '子女可陪同',
  eligibility: { minAge: 60, scope: 'community' },
  bookingOpens: { daysAhead: 7, time: '08:00' },
  volunteersPerSession: 2,
  monthlyLimit: null,
  holidayPolicy: 'skip',
  schedule: {
    kind: 'monthly',
    daysOfMonth: [5, 15],
    sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 25 }],
  },
};

describe('the resident services list', () => {
  it("shows the service's own note for residents on its card, beside the companion note", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify([service]), { status: 200 })),
    );
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:p(.*)*', component: ServicesView }],
    });
    await router.push('/services');
    const wrapper = mount(ServicesView, { global: { plugins: [router, createPinia()] } });
    await flushPromises();
    const card = wrapper.get('[data-testid="service-card"]');
    expect(card.get('[data-testid="service-card-resident-note"]').text()).toBe('请在一楼大厅等候叫号，带上会员卡');
    expect(card.get('[data-testid="service-companion-note"]').text()).toBe('子女可陪同');
    vi.unstubAllGlobals();
  });
});
