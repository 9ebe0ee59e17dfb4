import type { findMerchant } from './merchants.repository.js';

type MerchantRow = NonNullable<Awaited<ReturnType<typeof findMerchant>>>;

export function presentMerchant(row: MerchantRow) {
  return {
    id: row.id,
    communityId: row.community_id,
    name: row.name,
    address: row.address,
    category: row.category,
    partyAlliance: row.party_alliance === 1,
  };
}

/**
 * The public merchant wall. Stars and contribution counts arrive with the merchants-as-partners
 * work; until then a merchant has no stars (null, not zero: "not rated yet" is not "rated badly").
 */
export function presentPublicMerchant(row: MerchantRow) {
  return {
    id: row.id,
    communityId: row.community_id,
    name: row.name,
    category: row.category,
    partyAlliance: row.party_alliance === 1,
    stars: null,
    contributions: 0,
  };
}
