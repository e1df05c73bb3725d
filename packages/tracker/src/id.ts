/**
 * A random (v4) UUID. Not crypto.randomUUID: it exists only in secure contexts, and sites on plain
 * http need ids too; getRandomValues works everywhere. Each x of the template becomes a random hex
 * digit, the variant digit (8) gets two random bits.
 */
export const uuid = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  );
