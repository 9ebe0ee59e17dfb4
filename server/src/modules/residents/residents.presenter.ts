import {
  ageOn,
  maskContactPhone,
  maskPhone,
  type TMemberCard,
  type TResidentDetail,
  type TResidentList,
  type TResidentListItem,
} from '@zhongli/domain';
import type { ResidentDetailRow } from './residents.repository.js';

/** Staff lists: the full name (staff serve people by name), everything else masked. */
export function presentResidentListItem(row: ResidentDetailRow, today: string): TResidentListItem {
  return {
    id: row.id,
    name: row.name,
    communityId: row.community_id,
    communityName: row.community_name,
    memberCode: row.member_code,
    phoneMasked: row.phone ? maskPhone(row.phone) : null,
    contactPhoneMasked: row.contact_phone ? maskContactPhone(row.contact_phone) : null,
    age: ageOn(row.birth_date, today),
    idNumberMasked: row.id_number_masked,
    hasAccount: row.password_hash != null,
  };
}

export function presentResidentList(
  list: { rows: ResidentDetailRow[]; hasMore: boolean },
  page: number,
  today: string,
): TResidentList {
  return { residents: list.rows.map((row) => presentResidentListItem(row, today)), page, hasMore: list.hasMore };
}

export function presentResidentDetail(row: ResidentDetailRow, today: string): TResidentDetail {
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
    contactPhoneMasked: row.contact_phone ? maskContactPhone(row.contact_phone) : null,
    contactNote: row.contact_note,
    hasPassword: row.password_hash != null,
    createdAt: row.created_at,
    archived:
      row.archived_at && row.archive_reason && row.archived_on
        ? { reason: row.archive_reason, date: row.archived_on, note: row.archive_note, at: row.archived_at }
        : null,
  };
}

export function presentMemberCard(card: {
  resident: ResidentDetailRow;
  centerName: string;
  qrSvg: string;
}): TMemberCard {
  return {
    residentId: card.resident.id,
    name: card.resident.name,
    communityName: card.resident.community_name,
    centerName: card.centerName,
    memberCode: card.resident.member_code,
    qrSvg: card.qrSvg,
  };
}
