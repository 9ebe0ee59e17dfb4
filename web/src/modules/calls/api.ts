import type { TCallEntry, TCallListDetail, TCallLists, TCallOutcome } from '@zhongli/domain';
import { http } from '../../shared/http';

export const callsApi = {
  lists: () => http.get<TCallLists>('/api/call-lists'),
  list: (id: number) => http.get<TCallListDetail>(`/api/call-lists/${id}`),
  recordOutcome: (listId: number, entryId: number, body: TCallOutcome) =>
    http.post<TCallEntry>(`/api/call-lists/${listId}/entries/${entryId}/outcome`, body),
};
