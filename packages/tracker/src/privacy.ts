import type { Identity } from './identity.ts';
import type { Options } from './options.ts';

/**
 * Every reason to track and send nothing, in one list: the tracker asks whether any holds, the debug
 * build names those that do (BLOCK_REASONS, in the same order). Nothing may be tracked or sent while
 * any holds. Opted out; Do-Not-Track or Global
 * Privacy Control (unless respectDnt is false); an automated browser (unless trackWebdriver).
 */
export const blockers = (options: Options, identity: Identity): unknown[] => {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const dnt = options.respectDnt !== false;
  return [identity.o, dnt && nav.doNotTrack === '1', dnt && nav.globalPrivacyControl, !options.trackWebdriver && nav.webdriver];
};

// Debug build only (the minifier drops the strings): what each blocker means and how to change it.
const BLOCK_REASONS = __DEBUG__
  ? [
      'this visitor opted out (optOut(); optIn() undoes it)',
      'the browser sends Do-Not-Track (data-respect-dnt="false", or respectDnt: false, tracks anyway)',
      'the browser sends Global Privacy Control (data-respect-dnt="false", or respectDnt: false, tracks anyway)',
      'navigator.webdriver is true: an automated or test browser is not tracked unless the script tag has data-track-webdriver (or init() gets trackWebdriver: true)',
    ]
  : [];

/** Why nothing is tracked, in words (debug build; call it only as `__DEBUG__ && whyBlocked(...)`). */
export const whyBlocked = (options: Options, identity: Identity): string =>
  BLOCK_REASONS.filter((_, i) => blockers(options, identity)[i]).join('; ');
