/**
 * The canonical form of a ledger entry, hashed into the chain: `hash = H(previous hash ‖ canonical)`.
 * Fields in a fixed order, separated by a character that cannot occur in them unescaped, so two
 * different entries never share a canonical form. Hashing itself is the server's (node:crypto);
 * this stays pure so the rule is one readable function.
 */
export interface CanonicalEntryFields {
  residentId: number;
  seq: number;
  delta: number;
  kind: string;
  ruleId: number | null;
  refType: string | null;
  refId: string | null;
  actorUserId: number | null;
  idempotencyKey: string;
  createdAt: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalEntry(e: CanonicalEntryFields): string {
  const field = (value: string | number | null) =>
    value == null ? '' : String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  return [
    'v1',
    field(e.residentId),
    field(e.seq),
    field(e.delta),
    field(e.kind),
    field(e.ruleId),
    field(e.refType),
    field(e.refId),
    field(e.actorUserId),
    field(e.idempotencyKey),
    field(e.createdAt),
  ].join('|');
}
