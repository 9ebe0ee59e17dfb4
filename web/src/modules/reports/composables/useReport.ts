import type { TReport } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { reportsApi, type ReportRef } from '../api';

/** The report the page is on: reloads when the period, kind or community changes. */
export function useReport(ref: Ref<ReportRef | undefined>) {
  return useAsync<TReport | undefined>(async () => (ref.value ? reportsApi.report(ref.value) : undefined), [ref]);
}
