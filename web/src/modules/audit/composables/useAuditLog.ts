import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { auditApi, type AuditQuery } from '../api';

export function useAuditLog(query: Ref<AuditQuery>) {
  return useAsync(() => auditApi.list(query.value), [() => ({ ...query.value })]);
}
