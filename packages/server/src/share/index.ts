export { type BadgeOptions, renderBadge } from './badge.ts';
export { HEIGHT_MESSAGE } from './embed-frame.ts';
export { type EmbedPageOptions, renderEmbedError, renderEmbedPage } from './embed-page.ts';
export { renderErrorBadge } from './error-badge.ts';
export { escapeMarkup, xmlChars } from './escape.ts';
export type { ShareError } from './share-error.ts';
export { type BadgeQuery, type EmbedQuery, parseBadgeQuery, parseEmbedQuery } from './share-query.ts';
