import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Looks a presented secret up among configured ones in constant time. Both sides are hashed first
 * so timingSafeEqual always compares 32 bytes (it throws on unequal lengths, and comparing raw
 * strings of different lengths would leak the length). Every entry is compared, match or not, so
 * the time does not say which entry or how many characters matched.
 */
export class SecretSet<T> {
  private readonly entries: { hash: Buffer; value: T }[];

  constructor(entries: Iterable<[secret: string, value: T]>) {
    this.entries = [...entries].map(([secret, value]) => ({ hash: digest(secret), value }));
  }

  find(presented: string | undefined): T | undefined {
    if (presented === undefined) return undefined;
    const hash = digest(presented);
    let found: T | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.value;
    return found;
  }
}
