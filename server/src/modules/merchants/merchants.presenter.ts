import type { TMerchant } from '@zhongli/domain';
import type { findMerchant } from './merchants.repository.js';

type MerchantRow = NonNullable<Awaited<ReturnType<typeof findMerchant>>>;

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
