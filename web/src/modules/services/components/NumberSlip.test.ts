// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import NumberSlip from './NumberSlip.vue';

describe('NumberSlip', () => {
  it("shows the big number, the service, the session, the service's own notes and the time", () => {
    const wrapper = mount(NumberSlip, {
      props: {
        queueNumber: 26,
        serviceName: '1元理发屋',
        sessionText: '12月5日 周六 上午 8:30–11:30',
        venue: '理发屋',
        walkIn: true,
        issuedAt: '2026-12-05T01:02:00Z',
        residentNote: '请在一楼大厅等候',
        companionNote: '理发、问诊两不误：等候时可以去隔壁量血压。',
      },
    });
    expect(wrapper.get('[data-testid="slip-number"]').text()).toBe('26号');
    const text = wrapper.get('[data-testid="slip"]').text();
    expect(text).toContain('1元理发屋');
    expect(text).toContain('现场取号');
    expect(text).toContain('12月5日 周六 上午 8:30–11:30');
    expect(text).toContain('请在一楼大厅等候');
    expect(text).toContain('理发、问诊两不误：等候时可以去隔壁量血压。');
    expect(text).not.toContain('回来告诉工作人员'); // the neutral hint only stands in for missing notes
    expect(text).toContain('09:02');
    expect(wrapper.find('[data-testid="slip-print"]').exists()).toBe(true);
  });

  it('says something neutral when the service has no notes', () => {
    const wrapper = mount(NumberSlip, {
      props: { queueNumber: 3, serviceName: '社区理发', sessionText: '上午', issuedAt: '2026-12-05T01:02:00Z' },
    });
    expect(wrapper.findAll('[data-testid="slip-note"]').map((n) => n.text())).toEqual([
      '叫号时不在也不要紧，回来告诉工作人员，会优先为您服务。',
    ]);
  });
});
