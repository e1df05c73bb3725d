/**
 * "Did you mean …?": the known word closest to a typo, for config keys ("timezon" → "timezone") and
 * names the data must contain (a metric's unit "teamss" → the group type "team"). One rule for both.
 */

/** Edits (insert, delete, substitute one character) that turn `a` into `b` (Levenshtein distance). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}

/**
 * The candidate closest to `word` within `maxDistance` edits (first of equals, in the given order),
 * comparing case-insensitively so "TimeZone" finds "timezone"; undefined when none is that close.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance && c !== word) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
