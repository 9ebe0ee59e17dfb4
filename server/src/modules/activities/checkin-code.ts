import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The rotating check-in code the organiser's phone shows as a QR: six digits derived from the
 * activity's secret and the current 30-second slot (like an authenticator app). A code is
 * accepted in its own slot and the next one, so a QR scanned just before it changes still works;
 * a photo of it sent to a friend at home stops working within a minute.
 */
export const CODE_SLOT_MS = 30_000;

/**
 * What a code is for. The check-out code (签退, volunteer activities) is the same mechanism under
 * another purpose in the HMAC input, so a check-in code never checks anyone out and the other way round.
 */
export type CodePurpose = 'checkin' | 'checkout';

export function checkinCodeAt(
  secret: string,
  activityId: number,
  at: Date,
  purpose: CodePurpose = 'checkin',
): { code: string; expiresAt: Date } {
  const slot = Math.floor(at.getTime() / CODE_SLOT_MS);
  return { code: codeForSlot(secret, activityId, slot, purpose), expiresAt: new Date((slot + 2) * CODE_SLOT_MS) };
}

export function isValidCheckinCode(
  secret: string,
  activityId: number,
  code: string,
  at: Date,
  purpose: CodePurpose = 'checkin',
): boolean {
  const slot = Math.floor(at.getTime() / CODE_SLOT_MS);
  return [slot, slot - 1].some((s) => safeEqual(codeForSlot(secret, activityId, s, purpose), code));
}

function codeForSlot(secret: string, activityId: number, slot: number, purpose: CodePurpose): string {
  // The check-in input is unchanged from before purposes existed, so codes on screens stay valid.
  const input = purpose === 'checkin' ? `${activityId}:${slot}` : `checkout:${activityId}:${slot}`;
  const digest = createHmac('sha256', secret).update(input).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
