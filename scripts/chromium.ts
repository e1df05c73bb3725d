/**
 * How every real-browser test, bench and screenshot script here launches Chromium: Debian's
 * package (no downloaded browser on this network) headless, with the background traffic that this
 * machine's closed network refuses turned off. Pass to playwright-core's `chromium.launch()`.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
