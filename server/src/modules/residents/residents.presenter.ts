import { ageOn, maskPhone } from '@zhongli/domain';
import type { ResidentDetailRow } from './residents.repository.js';

/** Staff lists: the full name (staff serve people by name), everything else masked. */
export function presentResidentListItem(row: ResidentDetailRow, today: string) {
  return {
    id: row.id,
    name: row.name,
    communityId: row.community_id,
    communityName: row.community_name,
    memberCode: row.member_code,
    phoneMasked: row.phone ? maskPhone(row.phone) : null,
    age: ageOn(row.birth_date, today),
    idNumberMasked: row.id_number_masked,
    hasAccount: row.password_hash != null,
  };
}

export function presentResidentDetail(row: ResidentDetailRow, today: string) {
  return {
    id: row.id,
    name: row.name,
    communityId: row.community_id,
    communityName: row.community_name,
    memberCode: row.member_code,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, today),
    gender: row.gender,
    idNumberMasked: row.id_number_masked,
    phoneMasked: row.phone ? maskPhone(row.phone) : null,
    hasPassword: row.password_hash != null,
    createdAt: row.created_at,
  };
}
