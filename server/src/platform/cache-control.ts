import type { FastifyInstance } from 'fastify';

/**
 * Answers outside /api/public/ carry someone's data (a resident's card, points, the desk's lists).
 * Community desks share one computer and one browser: without `no-store`, the back button or the
 * browser's cache shows the previous person's page after they signed out. Public answers (the
 * menu, the walls) stay cacheable; a route that sets its own Cache-Control keeps it.
 */
export function registerPrivateNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (reply.hasHeader('cache-control')) return;
    const pathname = request.url.split('?')[0]!;
    if (pathname.startsWith('/api/') && !pathname.startsWith('/api/public/')) reply.header('cache-control', 'no-store');
  });
}
