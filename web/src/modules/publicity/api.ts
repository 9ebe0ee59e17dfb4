import type {
  TActivityResult,
  TFeedbackCreate,
  TFeedbackGiven,
  TResultPublish,
  TResultsPage,
  TUploadedPhoto,
} from '@zhongli/domain';
import { http } from '../../shared/http';

/** multipart upload: one photo and its community. */
function uploadPhoto(file: File, communityId: number): Promise<TUploadedPhoto> {
  const form = new FormData();
  form.append('communityId', String(communityId));
  form.append('file', file);
  return http.upload<TUploadedPhoto>('/api/photos', form);
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
