import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../../../../scripts/chromium.ts';

/** Debian's Chromium, headless, with nothing phoning home. */
export const launchChromium = (): Promise<Browser> => chromium.launch(CHROMIUM_LAUNCH);

/** Polls `read` until `done` holds for its value or `ms` pass; returns the last value either way. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
