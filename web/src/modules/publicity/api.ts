import type {
  TActivityResult,
  TFeedbackCreate,
  TFeedbackGiven,
  TResultPublish,
  TResultsPage,
  TUploadedPhoto,
} from '@zhongli/domain';
import { ApiError, http, NETWORK_ERROR_MESSAGE, parseApiError } from '../../shared/http';

/** multipart upload: the JSON client sets a JSON body, so this one posts FormData itself. */
async function uploadPhoto(file: File, communityId: number): Promise<TUploadedPhoto> {
  const form = new FormData();
  form.append('communityId', String(communityId));
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch('/api/photos', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError('NETWORK', NETWORK_ERROR_MESSAGE, 0);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw parseApiError(response.status, parsed);
  return parsed as TUploadedPhoto;
}

export const publicityApi = {
  results: (query: { communityId?: number; page?: number }) =>
    http.get<TResultsPage>('/api/public/results', { ...query }),
  result: (activityId: number) => http.get<TActivityResult>(`/api/public/activities/${activityId}/result`),
  publish: (activityId: number, body: TResultPublish) =>
    http.post<TActivityResult>(`/api/activities/${activityId}/result`, body),
  feedback: (activityId: number, body: TFeedbackCreate) =>
    http.post<TFeedbackGiven>(`/api/activities/${activityId}/feedback`, body),
  uploadPhoto,
};
