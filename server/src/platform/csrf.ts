import type { FastifyInstance } from 'fastify';
import { AppError } from '@zhongli/domain';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a state-changing request may be sent as: JSON, or a photo upload (only the upload route parses it). */
const STATE_CHANGING_MEDIA_TYPES = new Set(['application/json', 'multipart/form-data']);

/**
 * The session cookie is SameSite=Lax, which already keeps it off cross-site POSTs in current
 * browsers; WeChat's older webviews are not all current, so state-changing requests whose
 * Sec-Fetch-Site or Origin names another site are refused outright.
 *
 * A request with neither header may still come from an old browser's cross-site form. A form can
 * only send urlencoded, multipart or text/plain bodies, and a cross-site fetch with JSON needs a
 * CORS preflight this server never grants; so a state-changing request must be JSON (415
 * otherwise). One without any body or content type passes: no form sends that.
 */
export function registerCsrfGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site') throw new AppError('CSRF_REJECTED');
    const origin = request.headers.origin;
    if (origin && origin !== 'null') {
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        throw new AppError('CSRF_REJECTED');
      }
      if (originHost !== request.host) throw new AppError('CSRF_REJECTED');
    } else if (origin === 'null') {
      throw new AppError('CSRF_REJECTED');
    }
    const contentType = request.headers['content-type'];
    if (contentType !== undefined && !STATE_CHANGING_MEDIA_TYPES.has(mediaTypeOf(contentType))) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '请以 JSON（application/json）提交' });
    }
  });
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}
