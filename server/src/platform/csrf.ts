import type { FastifyInstance } from 'fastify';
import { AppError } from '@zhongli/domain';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session cookie is SameSite=Lax, which already keeps it off cross-site POSTs in current
 * browsers; WeChat's older webviews are not all current, so state-changing requests whose
 * Sec-Fetch-Site or Origin names another site are refused outright. Requests with neither header
 * (curl, scripts, server-to-server) carry no ambient browser cookie risk and pass.
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
  });
}
