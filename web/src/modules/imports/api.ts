import type {
  TImportCheck,
  TOpeningBatch,
  TOpeningBatchDetail,
  TOpeningBatchList,
  TResidentImportDone,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export type ImportKind = 'residents' | 'opening';

function form(file: File, updateExisting = false): FormData {
  const data = new FormData();
  data.append('updateExisting', updateExisting ? '1' : '0');
  data.append('file', file);
  return data;
}

export const importsApi = {
  templateUrl: (kind: ImportKind) => `/api/imports/${kind}/template`,
  check: (kind: ImportKind, file: File, updateExisting = false) =>
    http.upload<TImportCheck>(`/api/imports/${kind}/check`, form(file, updateExisting)),
  importResidents: (file: File, updateExisting: boolean) =>
    http.upload<TResidentImportDone>('/api/imports/residents', form(file, updateExisting)),
  submitOpening: (file: File) => http.upload<TOpeningBatch>('/api/imports/opening', form(file)),
  batches: () => http.get<TOpeningBatchList>('/api/opening-batches'),
  batch: (id: number) => http.get<TOpeningBatchDetail>(`/api/opening-batches/${id}`),
  approve: (id: number) => http.post<TOpeningBatch>(`/api/opening-batches/${id}/approve`),
  reject: (id: number, reason: string) => http.post<TOpeningBatch>(`/api/opening-batches/${id}/reject`, { reason }),
};
