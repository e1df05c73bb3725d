/** What `init()` accepts. Every option but `endpoint` and `key` is off by default or has the privacy-safe default. */
export interface Options {
  /** The collector's base URL, e.g. `https://collector.example`; events go to `${endpoint}/v1/events`. */
  endpoint: string;
  /** The site key (`pk_…`) listed under `sites` in the collector's config. */
  key: string;
  /** Track a `pageview` event (props `{ path }`) on load and on SPA navigation. Default false. */
  pageviews?: boolean;
  /** Send nothing when the browser asks for Do-Not-Track or Global Privacy Control. Default true. */
  respectDnt?: boolean;
  /** Track automated browsers (`navigator.webdriver`), e.g. in your own end-to-end tests. Default false. */
  trackWebdriver?: boolean;
}
