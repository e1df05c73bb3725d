/** Prints a tracker warning. Call it only as `__DEBUG__ && warn(...)` so production builds carry no messages. */
export const warn = (...what: unknown[]): void => console.warn('[northstar]', ...what);
