import { createHmac } from 'node:crypto';

/** Keyed digest of a normalised ID number: recognises a second registration without keeping the number. */
export function idNumberDigest(key: string, normalizedIdNumber: string): string {
  return createHmac('sha256', key).update(normalizedIdNumber).digest('base64url');
}
