import type { TMerchant } from '@zhongli/domain';
import type { MerchantRow } from './merchants.repository.js';

export function presentMerchant(row: MerchantRow): TMerchant {
  return {
    id: row.id,
    communityId: row.community_id,
    name: row.name,
    address: row.address,
    category: row.category,
    partyAlliance: row.party_alliance === 1,
  };
}
