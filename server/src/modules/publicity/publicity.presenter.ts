import { maskName, type TActivityResult, type TResultsPage, type TUploadedPhoto } from '@zhongli/domain';
import { photoUrls } from './photo-files.js';
import type { latestFeedback, listResultPartners, listResultPhotos, listResults } from './publicity.repository.js';

export function presentPhoto(photo: { id: number; path: string; width: number; height: number }): TUploadedPhoto {
  return { id: photo.id, ...photoUrls(photo.path), width: photo.width, height: photo.height };
}

export interface ResultParts {
  result: Awaited<ReturnType<typeof listResults>>[number];
  photos: Awaited<ReturnType<typeof listResultPhotos>>;
  partners: Awaited<ReturnType<typeof listResultPartners>>;
  rating: { count: number; stars: number } | undefined;
  feedback: Awaited<ReturnType<typeof latestFeedback>>;
}

/** The public result: figures, photos, thanked partners, ratings; residents appear only as masked names. */
export function presentResult({ result, photos, partners, rating, feedback }: ResultParts): TActivityResult {
  return {
    activityId: result.activity_id,
    title: result.title,
    communityId: result.community_id,
    communityName: result.community_name,
    category: result.category,
    startsAt: result.starts_at,
    publishedAt: result.published_at,
    summary: result.summary,
    attendance: result.attendance,
    registered: result.registered,
    photos: photos.map((p) => photoUrls(p.path)),
    thankedPartners: partners.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    // null, not zero: "nobody rated it yet" is not "rated badly".
    rating:
      rating && rating.count > 0
        ? { average: Math.round((rating.stars / rating.count) * 10) / 10, count: rating.count }
        : null,
    feedback: feedback.map((f) => ({ stars: f.stars, comment: f.comment, nameMasked: maskName(f.name) })),
  };
}

/** One page of the results wall, and whether there is another. */
export function presentResultsPage(wall: { results: ResultParts[]; page: number; hasMore: boolean }): TResultsPage {
  return { results: wall.results.map(presentResult), page: wall.page, hasMore: wall.hasMore };
}
