import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo-config.ts';
import { describeMetric } from './describe-metric.ts';

describe('demoConfig', () => {
  it("should let the demo site, the dev server and the server's own origins send events with pk_demo", () => {
    const { config } = demoConfig(['http://localhost:8787', 'http://127.0.0.1:8787'], {});
    expect(config.sites).toEqual([
      { key: 'pk_demo', origins: ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:8787', 'http://127.0.0.1:8787'] },
    ]);
    expect(config.readTokens).toEqual([{ token: 'rt_demo', metrics: ['*'] }]);
    expect(config.metrics[0]?.id).toBe('weekly-full-workouts');
  });

  it('should take the admin token from NORTHSTAR_ADMIN_TOKEN, else make up a fresh one each time', () => {
    expect(demoConfig('http://127.0.0.1:8787', { NORTHSTAR_ADMIN_TOKEN: 'adm_chosen' })).toMatchObject({
      config: { adminToken: 'adm_chosen' },
      generatedAdminToken: false,
    });
    const a = demoConfig('http://127.0.0.1:8787', {});
    const b = demoConfig('http://127.0.0.1:8787', {});
    expect(a.generatedAdminToken).toBe(true);
    expect(a.config.adminToken).toMatch(/^adm_[A-Za-z0-9_-]{24}$/);
    expect(a.config.adminToken).not.toBe(b.config.adminToken);
  });
});

describe('describeMetric', () => {
  it('should spell out a group unit, the events measure and what does not count', () => {
    const { config } = demoConfig('http://127.0.0.1:8787', {});
    const teams = config.metrics.find((m) => m.id === 'weekly-active-teams');
    const text = describeMetric(teams!, config);
    expect(text).toContain('Unit        team (groups.team of each event; events without it do not count, not even as activity).');
    expect(text).toContain('  - events without a groups.team id.');
    expect(text).toContain('active means having a "workout_completed" event that week');
    const perUser = describeMetric(config.metrics.find((m) => m.id === 'workouts-per-active-user')!, config);
    expect(perUser).toMatch(
      /Formula +the number of qualifying events in the week divided by the number of users active that week .*a qualifying event being a "workout_completed" event where minutes ≥ 15 and cooldown = true/,
    );
    expect(perUser).toContain('"workout_completed" with cooldown missing or null, or any other value (types must match: 15 is not "15").');
  });
});
