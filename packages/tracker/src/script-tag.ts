// The script-tag build: <script defer src=".../tracker.js" data-endpoint="…" data-key="pk_…"></script>
import { flush, group, identify, init, optIn, optOut, reset, track } from './tracker.ts';

type Api = Record<string, (...args: unknown[]) => unknown>;
const w = window as unknown as { northstar?: Api & { q?: [string, unknown[]][] } };
const data = (document.currentScript as HTMLScriptElement).dataset;
const calls = w.northstar?.q;

init({
  endpoint: data.endpoint!,
  key: data.key!,
  pageviews: 'pageviews' in data,
  respectDnt: data.respectDnt !== 'false',
  trackWebdriver: 'trackWebdriver' in data,
});
w.northstar = { track, identify, group, reset, optOut, optIn, flush } as Api;
// Calls made on the stub before this script ran, in their order.
for (const [method, args] of calls ?? []) w.northstar[method]?.(...args);
