/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// Classic JSX through preact's h, as in view.tsx (no preact/jsx-runtime in any chunk).
/**
 * The empty state's explanation (no events yet: how to add the tracker). Few will ever see it, so
 * it comes with the details chunk; view.tsx paints the card's name and "as of" around it.
 */
import type { MetricsPayload } from '@northstar/core';
// The tracker's stub snippet as built (tracker/dist/stub.js), so the hint never drifts from it: without
// it, a northstar.track() inline after the script tag throws until tracker.js has loaded.
import stub from '@northstar/tracker/stub.js?raw';
// biome-ignore lint/correctness/noUnusedImports: h (and Fragment) are used by the classic JSX pragma above
import { Fragment, h } from 'preact';

export function Empty({ p, src }: { p: MetricsPayload; src: string | undefined }) {
  const origin = src ? new URL(src).origin : 'https://your-collector';
  const event = p.metric.definition?.action?.event ?? 'your_value_moment';
  return (
    <>
      <p part="message">
        <strong>No events yet.</strong> Add the tracker to your product's pages:
      </p>
      <code part="snippet">{`<script>${stub.trim()}</script>\n<script defer src="${origin}/tracker.js" data-endpoint="${origin}" data-key="pk_…"></script>`}</code>
      <p>
        then call <code>{`northstar.track('${event}')`}</code> at the value moment. The number appears here once events arrive.
      </p>
    </>
  );
}
