// The menus module's public face.
export { menusRoutes } from './menus.routes.js';
export { publishWeek } from './menus.service.js';
// The WeChat article's rules and helpers, for other articles (the reports) under the same constraints.
export { ARTICLE_MAX_CHARS, ARTICLE_MAX_TITLE, ARTICLE_MAX_WIDTH, cut, escapeHtml } from './menus.article.js';
