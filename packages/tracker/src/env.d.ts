/**
 * True only in the debug build (dist/tracker.debug.js). Production builds define it as `false`, so the
 * minifier drops every `__DEBUG__ && warn(...)` together with its message strings (Plausible's approach).
 */
declare const __DEBUG__: boolean;
