/**
 * A fresh Idempotency-Key for one click on a points-moving button. `crypto.randomUUID` exists
 * only in secure contexts (HTTPS or localhost); a desk PC that opens the console over plain
 * HTTP on the county's network still has `getRandomValues`, so the key is built from that.
 */
export function newIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi?.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof cryptoApi?.getRandomValues === 'function') cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One key per intended action: the same key is reused when the same action is retried (after a
 * network failure, whose outcome is unknown), and a new one is made once the server has answered
 * or the action changes (another resident, rule or note). So a double click or a retry never
 * awards twice, while a deliberate second award gets its own key.
 */
export function createActionKey() {
  let key: string | undefined;
  let action = '';
  return {
    /** the key for this action (same as last time if the last attempt never got an answer) */
    for(actionFingerprint: string): string {
      if (!key || action !== actionFingerprint) {
        key = newIdempotencyKey();
        action = actionFingerprint;
      }
      return key;
    },
    /** the server answered (success or a definite refusal): the next click is a new action */
    settle(): void {
      key = undefined;
      action = '';
    },
  };
}
