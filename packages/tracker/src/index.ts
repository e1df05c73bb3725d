export type { Options } from './options.ts';
export { flush, group, identify, init, optIn, optOut, type Props, reset, track } from './tracker.ts';
