import { useAsync } from '../../../shared/useAsync';
import { accountsApi } from '../api';

export function useUsers() {
  return useAsync(() => accountsApi.listUsers());
}
