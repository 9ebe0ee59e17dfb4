// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import NumberSlip from './NumberSlip.vue';

describe('NumberSlip', () => {
  it('shows the big number, the service, the session, the 理发、问诊两不误 hint and the time', () => {
    const wrapper = mount(NumberSlip, {
      props: {
        queueNumber: 26,
        serviceName: '1元理发屋',
        sessionText: '12月5日 周六 上午 8:30–11:30',
        venue: '理发屋',
        walkIn: true,
        issuedAt: '2026-12-05T01:02:00Z',
      },
    });
    expect(wrapper.get('[data-testid="slip-number"]').text()).toBe('26号');
    const text = wrapper.get('[data-testid="slip"]').text();
    expect(text).toContain('1元理发屋');
    expect(text).toContain('现场取号');
    expect(text).toContain('12月5日 周六 上午 8:30–11:30');
    expect(text).toContain('理发、问诊两不误');
    expect(text).toContain('09:02');
    expect(wrapper.find('[data-testid="slip-print"]').exists()).toBe(true);
  });
});
