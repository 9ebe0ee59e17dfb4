// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import HomeView from './HomeView.vue';

// Vant's per-component CSS entries are .css files Node cannot load; styles play no part here.
vi.mock('vant/es/button/style', () => ({}));
vi.mock('vant/es/cell/style', () => ({}));
vi.mock('vant/es/cell-group/style', () => ({}));
vi.mock('vant/es/loading/style', () => ({}));
vi.mock('vant/es/switch/style', () => ({}));
vi.mock('vant/es/nav-bar/style', () => ({}));

beforeEach(() => {
  setActivePinia(createPinia());
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ name: '测试中心' }), { status: 200 })),
  );
});

describe('the resident home', () => {
  it('shows the 长辈版 switch before anything else on a first visit', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:p(.*)*', component: HomeView }],
    });
    await router.push('/');
    const wrapper = mount(HomeView, { global: { plugins: [router] } });
    await flushPromises();
    const html = wrapper.html();
    const switchAt = html.indexOf('data-testid="senior-mode-switch"');
    expect(switchAt).toBeGreaterThan(-1);
    // (the services tile shows only when the county has services; this visit has none)
    for (const later of ['signed-out-home', 'home-menu-link'])
      expect(html.indexOf(`data-testid="${later}"`), later).toBeGreaterThan(switchAt);
    expect(html.match(/data-testid="senior-mode-switch"/g)).toHaveLength(1);
  });
});
