import { describe, expect, it } from 'vitest';
import { setupStatusOf, type SetupFacts } from './setup.rules.js';

const empty: SetupFacts = {
  center: { name: '某县社区服务中心', publicUrl: null },
  communities: [],
  shopItems: 0,
  services: 0,
  activitiesSent: 0,
};
const ready = { name: '东城', venues: 1, staff: 1, rules: 3 };
const doneSteps = (facts: SetupFacts) =>
  setupStatusOf(facts)
    .steps.filter((s) => s.done)
    .map((s) => s.step);

describe('setupStatusOf', () => {
  it('an empty install has nothing done, and no community is not "every community ready"', () => {
    expect(doneSteps(empty)).toEqual([]);
    expect(setupStatusOf(empty).complete).toBe(false);
  });

  it('the center step needs the public address as well as the name', () => {
    expect(doneSteps({ ...empty, center: { name: '某县', publicUrl: 'https://x.example' } })).toEqual(['center']);
    expect(doneSteps({ ...empty, center: { name: ' ', publicUrl: 'https://x.example' } })).toEqual([]);
  });

  it('per-community steps name the communities still missing their part', () => {
    const status = setupStatusOf({ ...empty, communities: [ready, { name: '西城', venues: 1, staff: 0, rules: 0 }] });
    expect(status.steps.find((s) => s.step === 'communities')).toEqual({
      step: 'communities',
      done: true,
      missing: [],
    });
    expect(status.steps.find((s) => s.step === 'accounts')).toEqual({
      step: 'accounts',
      done: false,
      missing: ['西城'],
    });
    expect(status.steps.find((s) => s.step === 'pointsRules')?.missing).toEqual(['西城']);
  });

  it('is complete when every step is', () => {
    const all: SetupFacts = {
      center: { name: '某县', publicUrl: 'https://x.example' },
      communities: [ready],
      shopItems: 1,
      services: 1,
      activitiesSent: 1,
    };
    expect(setupStatusOf(all).complete).toBe(true);
    expect(setupStatusOf({ ...all, activitiesSent: 0 }).complete).toBe(false);
  });
});
