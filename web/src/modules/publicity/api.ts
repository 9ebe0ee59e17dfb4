import type { TFeedbackCreate, TResultPublish } from '@zhongli/domain';
import { ApiError, http, NETWORK_ERROR_MESSAGE, parseApiError } from '../../shared/http';

export interface ResultPhoto {
  url: string;
  thumbUrl: string;
}

export interface ActivityResult {
  activityId: number;
  title: string;
  communityId: number;
  communityName: string;
  category: string;
  startsAt: string;
  publishedAt?: string;
  summary: string;
  attendance: number;
  registered: number;
  photos: ResultPhoto[];
  thankedPartners: { id: number; name: string; kind: string }[];
  rating: { average: number; count: number } | null;
  feedback: { stars: number; comment: string | null; nameMasked: string }[];
}

export interface ResultsPage {
  results: ActivityResult[];
  page: number;
  hasMore: boolean;
}

export interface UploadedPhoto {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
}

/** multipart upload: the JSON client sets a JSON body, so this one posts FormData itself. */
async function uploadPhoto(file: File, communityId: number): Promise<UploadedPhoto> {
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
  return parsed as UploadedPhoto;
}

export const publicityApi = {
  results: (query: { communityId?: number; page?: number }) =>
    http.get<ResultsPage>('/api/public/results', { ...query }),
  result: (activityId: number) => http.get<ActivityResult>(`/api/public/activities/${activityId}/result`),
  publish: (activityId: number, body: TResultPublish) =>
    http.post<ActivityResult>(`/api/activities/${activityId}/result`, body),
  feedback: (activityId: number, body: TFeedbackCreate) =>
    http.post<unknown>(`/api/activities/${activityId}/feedback`, body),
  uploadPhoto,
};
