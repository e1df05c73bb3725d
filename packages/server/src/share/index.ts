export { type BadgeOptions, renderBadge } from './badge.ts';
export { type EmbedPageOptions, renderEmbedPage } from './embed-page.ts';
export { escapeMarkup } from './escape.ts';
