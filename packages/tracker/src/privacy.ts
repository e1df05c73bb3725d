import type { Identity } from './identity.ts';
import type { Options } from './options.ts';

/** Whether nothing may be tracked or sent: opted out, Do-Not-Track / Global Privacy Control, or an automated browser. */
export const blocked = (options: Options, identity: Identity): boolean => {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return !!(
    identity.o ||
    (options.respectDnt !== false && (nav.doNotTrack === '1' || nav.globalPrivacyControl)) ||
    (!options.trackWebdriver && nav.webdriver)
  );
};
