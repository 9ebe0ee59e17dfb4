import type { TSetupStatus, TSetupStepStatus } from './setup.contract.js';

/** What the checklist is decided from: counts the server reads through each module's index. */
export interface SetupFacts {
  center: { name: string; publicUrl: string | null };
  communities: { name: string; venues: number; staff: number; rules: number }[];
  shopItems: number;
  services: number;
  /** activities submitted, approved or published: a week has gone to the center */
  activitiesSent: number;
}

/**
 * Each step is done when the center could use it: a named center with a public address; every community
 * with a venue, a staff account and points rules (and at least one community); one shop item; one service;
 * one week's activity sent for approval or published.
 */
export function setupStatusOf(facts: SetupFacts): TSetupStatus {
  const perCommunity = (step: TSetupStepStatus['step'], has: (c: SetupFacts['communities'][number]) => boolean) => {
    const missing = facts.communities.filter((c) => !has(c)).map((c) => c.name);
    return { step, done: facts.communities.length > 0 && missing.length === 0, missing };
  };
  const once = (step: TSetupStepStatus['step'], done: boolean) => ({ step, done, missing: [] });
  const steps: TSetupStepStatus[] = [
    once('center', facts.center.name.trim() !== '' && !!facts.center.publicUrl),
    perCommunity('communities', (c) => c.venues > 0),
    perCommunity('accounts', (c) => c.staff > 0),
    perCommunity('pointsRules', (c) => c.rules > 0),
    once('shop', facts.shopItems > 0),
    once('services', facts.services > 0),
    once('menu', facts.activitiesSent > 0),
  ];
  return { steps, complete: steps.every((s) => s.done) };
}
