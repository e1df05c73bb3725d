import { describe, expect, it } from 'vitest';
import { AttributeError, parseAttributes } from './attributes.ts';

const base = 'https://wiki.example/page';
const parse = (raw: Record<string, string | null>) => parseAttributes(raw, base);

describe('parseAttributes', () => {
  it('should fill the documented defaults and resolve src against the page', () => {
    expect(parse({ src: '/v1/metrics/m' })).toEqual({
      src: 'https://wiki.example/v1/metrics/m',
      token: undefined,
      weeks: 12,
      theme: 'auto',
      locale: undefined,
      compact: false,
    });
  });

  it('should read compact as a boolean attribute', () => {
    expect(parse({ src: '/m', compact: '' }).compact).toBe(true);
    expect(parse({ src: '/m', compact: 'false' }).compact).toBe(false);
  });

  it.each([
    ['src', { src: null }, 'The src attribute is required: an http(s) URL of a metric'],
    ['src', { src: 'javascript:alert(1)' }, 'Invalid src attribute "javascript:alert(1)": expected an http(s) URL'],
    ['weeks', { weeks: '0' }, 'Invalid weeks attribute "0": expected a whole number of weeks from 1 to 520'],
    ['weeks', { weeks: '521' }, 'Invalid weeks attribute "521"'],
    ['weeks', { weeks: 'twelve' }, 'Invalid weeks attribute "twelve"'],
    ['theme', { theme: 'blue' }, 'Invalid theme attribute "blue": expected light, dark or auto'],
    ['locale', { locale: 'not a locale!' }, 'Invalid locale attribute "not a locale!": expected a BCP 47 language tag'],
    ['token', { token: 'rt wiki' }, 'Invalid token attribute "rt wiki"'],
    ['compact', { compact: 'yes' }, 'Invalid compact attribute "yes"'],
  ])('should name the %s attribute and what it accepts when it is wrong', (attribute, raw, message) => {
    const run = () => parse({ src: '/v1/metrics/m', ...raw });
    expect(run).toThrow(AttributeError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as AttributeError).attribute).toBe(attribute);
    }
  });
});
