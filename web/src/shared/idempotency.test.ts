// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActionKey, newIdempotencyKey } from './idempotency';

afterEach(() => vi.unstubAllGlobals());

describe('idempotency keys', () => {
  it('are fresh each time and acceptable to the server (8–128 of [A-Za-z0-9_.:-])', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
  });

  it('still work without randomUUID (console opened over plain HTTP)', () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(171) });
    expect(newIdempotencyKey()).toBe(`k-${'ab'.repeat(16)}`);
  });

  it('are reused for a retry of the same action, renewed once answered or when the action changes', () => {
    const keys = createActionKey();
    const first = keys.for('7:13:');
    expect(keys.for('7:13:')).toBe(first); // retry after a network failure
    expect(keys.for('8:13:')).not.toBe(first); // another resident: another action
    const second = keys.for('8:13:');
    keys.settle(); // the server answered
    expect(keys.for('8:13:')).not.toBe(second); // a deliberate second award
  });
});
