/**
 * Tracks a `pageview` with `{ path }` for this page and after each SPA navigation (pushState, replaceState,
 * popstate). The path alone: query strings and fragments often carry personal data.
 */
export const trackPageviews = (track: (name: string, props: { path: string }) => void): void => {
  let last: string | undefined;
  const pageview = () => {
    const path = location.pathname;
    if (path !== last) {
      last = path;
      track('pageview', { path });
    }
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      pageview();
    };
  }
  addEventListener('popstate', pageview);
  // After the caller's own start-up calls (identify, group, the stub's replay), so they apply to it.
  setTimeout(pageview);
};
