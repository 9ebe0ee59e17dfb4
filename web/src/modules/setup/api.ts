import type { TSetupStatus } from '@zhongli/domain';
import { http } from '../../shared/http';

export const setupApi = {
  status: () => http.get<TSetupStatus>('/api/setup/status'),
};
