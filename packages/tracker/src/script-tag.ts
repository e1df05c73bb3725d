// The script-tag build: <script defer src=".../tracker.js" data-endpoint="…" data-key="pk_…"></script>
import type { Options } from './options.ts';
import { flush, group, identify, init, optIn, optOut, reset, track } from './tracker.ts';

type Api = Record<string, (...args: unknown[]) => unknown>;
const w = window as unknown as { northstar?: Api & { q?: [string, unknown[]][] } };
const data = (document.currentScript as HTMLScriptElement).dataset;
const calls = w.northstar?.q;

init({
  // data-endpoint and data-key as they are (spread: fewer bytes than naming them); the flags below override.
  ...(data as Pick<Options, 'endpoint' | 'key'>),
  pageviews: 'pageviews' in data,
  respectDnt: data.respectDnt !== 'false',
  trackWebdriver: 'trackWebdriver' in data,
});
w.northstar = { track, identify, group, reset, optOut, optIn, flush } as Api;
// Calls made on the stub before this script ran, in their order.
for (const [method, args] of calls ?? []) w.northstar[method]?.(...args);
