import { describe, expect, it } from 'vitest';
import { Router } from './router.ts';

const h = () => {};
const router = new Router().on('GET', '/v1/metrics/:id', h).on('DELETE', '/v1/users/:id', h).on('GET', '/badge/:id.svg', h);

describe('Router', () => {
  it('should decode path parameters', () => {
    expect(router.match('GET', '/v1/metrics/a%20b')).toMatchObject({ kind: 'found', params: { id: 'a b' } });
  });

  it('should match a parameter followed by a literal suffix', () => {
    expect(router.match('GET', '/badge/full.svg')).toMatchObject({ kind: 'found', params: { id: 'full' } });
    expect(router.match('GET', '/badge/full.png').kind).toBe('none');
    expect(router.match('GET', '/badge/.svg').kind).toBe('none');
  });

  it('should tell a wrong method from an unknown path', () => {
    expect(router.match('POST', '/v1/metrics/x')).toEqual({ kind: 'method', allowed: ['GET'] });
    expect(router.match('GET', '/v1/metrics/x/y').kind).toBe('none');
    expect(router.match('GET', '/v1/metrics/').kind).toBe('none');
  });

  it('should answer HEAD with the GET route', () => {
    expect(router.match('HEAD', '/v1/metrics/x').kind).toBe('found');
  });

  it('should refuse malformed percent-encoding instead of throwing', () => {
    expect(router.match('GET', '/v1/metrics/%E0%A4%A').kind).toBe('none');
  });
});
