import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './closest.ts';

describe('closest', () => {
  it('should count single-character edits', () => {
    expect(editDistance('timezon', 'timezone')).toBe(1);
    expect(editDistance('teamss', 'team')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('should suggest the nearest known word within two edits, ignoring case, and nothing further away', () => {
    expect(closest('timezon', ['timezone', 'weekStart', 'metrics'])).toBe('timezone');
    expect(closest('TimeZone', ['timezone', 'weekStart'])).toBe('timezone');
    expect(closest('teamss', ['org', 'team'])).toBe('team');
    expect(closest('colour', ['timezone', 'weekStart', 'metrics'])).toBeUndefined();
    expect(closest('minCont', ['event', 'minCount', 'where'])).toBe('minCount');
  });
});
