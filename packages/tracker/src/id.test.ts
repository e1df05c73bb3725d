import { describe, expect, it } from 'vitest';
import { uuid } from './id.ts';

describe('uuid', () => {
  it('should make RFC 9562 version 4 UUIDs', () => {
    for (let i = 0; i < 200; i++) expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('should not repeat itself', () => {
    const ids = new Set(Array.from({ length: 2000 }, uuid));
    expect(ids.size).toBe(2000);
  });

  it('should use every hex digit in the random positions', () => {
    const digits = new Set(Array.from({ length: 200 }, uuid).join('').replace(/-/g, ''));
    expect(digits.size).toBe(16);
  });
});
