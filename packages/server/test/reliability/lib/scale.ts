/**
 * The same tests run at two sizes: the CI size in every `pnpm test` (fast, a few seconds each) and
 * the full size in `pnpm test:reliability` (NORTHSTAR_FULL=1), which the figures come from.
 */
export const FULL = process.env.NORTHSTAR_FULL === '1';

export const SCALE = FULL
  ? {
      kills: 24,
      loadSeconds: 60,
      hostileEvents: 6000,
      hostileImport: 2500,
      hostileConfig: 3000,
      hostileAttributes: 2000,
      hostileShare: 2000,
    }
  : { kills: 2, loadSeconds: 5, hostileEvents: 200, hostileImport: 80, hostileConfig: 300, hostileAttributes: 200, hostileShare: 100 };

/**
 * Events per second the sustained-load test offers, in tracker-like batches. Benchmarked with
 * `pnpm --filter @northstar/server exec tsx bench/soak.ts` on the 2-core CI machine; see that
 * file for how the sustainable rate is found. NORTHSTAR_SOAK_RATE overrides it.
 */
export const SOAK_RATE = Number(process.env.NORTHSTAR_SOAK_RATE ?? 1000);

/** Prints a figure of the run in a form that is easy to grep from the log (`[reliability] …`). */
export function report(what: string, figures: Record<string, unknown>): void {
  console.log(`[reliability] ${what}: ${JSON.stringify(figures)}`);
}
