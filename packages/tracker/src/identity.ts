import { uuid } from './id.ts';

/** Who the events are about, and the opt-out. Kept under one localStorage key; no cookies. */
export interface Identity {
  /** anonymousId: random, made on the first visit. */
  a: string;
  /** userId, from identify(). */
  u?: string;
  /** groups, from group(): group type → id. */
  g?: Record<string, string>;
  /** 1 once the visitor opted out. */
  o?: number;
}

const KEY = 'northstar';

/** The stored identity, or a fresh anonymous one. Storage can be disabled or full: then it lives for this page only. */
export const loadIdentity = (): Identity => {
  let stored: Identity | undefined;
  try {
    stored = JSON.parse(localStorage[KEY]);
  } catch {}
  return stored?.a ? stored : { a: uuid() };
};

export const saveIdentity = (identity: Identity): void => {
  try {
    localStorage[KEY] = JSON.stringify(identity);
  } catch {}
};
