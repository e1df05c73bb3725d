import { describe, expect, it } from 'vitest';
import { ConfigError, formatPath, type MetricDefinitionInput, parseConfig } from './index.ts';

const metric: MetricDefinitionInput = {
  id: 'weekly-full-workouts',
  name: 'Weekly users completing 3+ full workouts',
  sentence: 'Users who finished at least three workouts of 15+ minutes this week.',
  action: { event: 'workout_completed', minCount: 3, where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
  activation: { event: 'workout_completed', withinDays: 14 },
  retention: { weeks: [1, 4] },
  funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_completed' }] },
};

/** The whole error a user sees: its message and its structured problems. */
function errorOf(input: unknown): { name: string; message: string; problems: ConfigError['problems'] } {
  try {
    parseConfig(input, 'northstar.config.json');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { name: e.name, message: e.message, problems: e.problems };
  }
  throw new Error('expected the config to be refused');
}

const withMetric = (patch: Record<string, unknown>) => ({ metrics: [{ ...metric, ...patch }] });

describe('parseConfig', () => {
  it('should fill the defaults of a minimal config', () => {
    const config = parseConfig({ metrics: [metric] });
    expect(config).toMatchObject({ timezone: 'UTC', weekStart: 'monday', sites: [], readTokens: [] });
    expect(config.metrics[0]).toMatchObject({ unit: 'user', measure: 'units', retention: { where: [] } });
    expect(config.metrics[0]?.activation?.minCount).toBe(1);
  });

  it('should accept the example of DESIGN.md', () => {
    const example = {
      timezone: 'UTC',
      weekStart: 'monday',
      adminToken: 'env:NORTHSTAR_ADMIN_TOKEN',
      sites: [{ key: 'pk_demo', origins: ['http://localhost:5173'] }],
      readTokens: [{ token: 'rt_wiki', metrics: ['*'] }],
      limits: { requestsPerSecondPerAddress: 50, eventsPerSecondPerKey: 20000 },
      metrics: [{ ...metric, unit: 'user', measure: 'units', target: 1200 }],
    };
    expect(parseConfig(example).limits).toMatchObject({ requestsPerSecondPerAddress: 50, eventsPerSecondPerKey: 20000 });
  });
});

describe('config errors', () => {
  it('should name a bad time zone and week start, with what is accepted', () => {
    expect(errorOf({ timezone: 'Mars/Olympus', weekStart: 'mon', metrics: [metric] })).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        timezone: must be an IANA time zone name such as "UTC" or "Europe/Berlin" (received "Mars/Olympus")
        weekStart: must be one of "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" (received "mon")",
        "name": "ConfigError",
        "problems": [
          {
            "message": "must be an IANA time zone name such as "UTC" or "Europe/Berlin" (received "Mars/Olympus")",
            "path": "timezone",
          },
          {
            "message": "must be one of "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" (received "mon")",
            "path": "weekStart",
          },
        ],
      }
    `);
  });

  it('should say a prop comparison needs a number when given a string', () => {
    expect(
      errorOf(withMetric({ action: { event: 'workout_completed', where: [{ prop: 'minutes', op: 'gte', value: '15' }] } })),
    ).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics[0].action.where[0].value: must be a number (received "15")",
        "name": "ConfigError",
        "problems": [
          {
            "message": "must be a number (received "15")",
            "path": "metrics[0].action.where[0].value",
          },
        ],
      }
    `);
  });

  it('should name the unknown op and list the known ones', () => {
    expect(
      errorOf(withMetric({ action: { event: 'workout_completed', where: [{ prop: 'minutes', op: 'like', value: 1 }] } })),
    ).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics[0].action.where[0].op: op must be one of eq, neq, gt, gte, lt, lte, in, contains, exists (received "like")",
        "name": "ConfigError",
        "problems": [
          {
            "message": "op must be one of eq, neq, gt, gte, lt, lte, in, contains, exists (received "like")",
            "path": "metrics[0].action.where[0].op",
          },
        ],
      }
    `);
  });

  it('should name unknown keys and a bad measure', () => {
    expect(errorOf(withMetric({ measure: 'sum', colour: 'red' }))).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics[0].measure: must be one of "units", "events", "perActiveUnit" (received "sum")
        metrics[0]: unknown key "colour"",
        "name": "ConfigError",
        "problems": [
          {
            "message": "must be one of "units", "events", "perActiveUnit" (received "sum")",
            "path": "metrics[0].measure",
          },
          {
            "message": "unknown key "colour"",
            "path": "metrics[0]",
          },
        ],
      }
    `);
  });

  it('should suggest the closest allowed key for a misspelt one, at every depth', () => {
    const metric = withMetric({}).metrics[0] as Record<string, unknown>;
    const problems = errorOf({
      timezon: 'UTC',
      metrics: [{ ...metric, unitt: 'team', action: { event: 'a', minCont: 2, where: [{ prop: 'p', op: 'eq', vaule: 1, value: 1 }] } }],
    }).problems;
    expect(problems).toEqual([
      { path: 'metrics[0].action.where[0]', message: 'unknown key "vaule" (did you mean "value"?)' },
      { path: 'metrics[0].action', message: 'unknown key "minCont" (did you mean "minCount"?)' },
      { path: 'metrics[0]', message: 'unknown key "unitt" (did you mean "unit"?)' },
      { path: '(root)', message: 'unknown key "timezon" (did you mean "timezone"?)' },
    ]);
  });

  it('should name missing fields with the type they need', () => {
    expect(errorOf({ metrics: [{ id: 'x' }] })).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics[0].name: is required: a string
        metrics[0].sentence: is required: a string
        metrics[0].action: is required: an object",
        "name": "ConfigError",
        "problems": [
          {
            "message": "is required: a string",
            "path": "metrics[0].name",
          },
          {
            "message": "is required: a string",
            "path": "metrics[0].sentence",
          },
          {
            "message": "is required: an object",
            "path": "metrics[0].action",
          },
        ],
      }
    `);
  });

  it('should state the bounds of numbers and lists', () => {
    expect(
      errorOf(
        withMetric({
          action: { event: 'workout_completed', minCount: 0 },
          funnel: { windowDays: -1, steps: [] },
          retention: { weeks: [1.5] },
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics[0].action.minCount: must be >= 1 (received 0)
        metrics[0].retention.weeks[0]: must be a whole number (received 1.5)
        metrics[0].funnel.windowDays: must be > 0 (received -1)
        metrics[0].funnel.steps: must have at least 1 item (received [])",
        "name": "ConfigError",
        "problems": [
          {
            "message": "must be >= 1 (received 0)",
            "path": "metrics[0].action.minCount",
          },
          {
            "message": "must be a whole number (received 1.5)",
            "path": "metrics[0].retention.weeks[0]",
          },
          {
            "message": "must be > 0 (received -1)",
            "path": "metrics[0].funnel.windowDays",
          },
          {
            "message": "must have at least 1 item (received [])",
            "path": "metrics[0].funnel.steps",
          },
        ],
      }
    `);
  });

  it('should refuse duplicate metric ids and read tokens naming unknown metrics', () => {
    expect(errorOf({ metrics: [metric, metric], readTokens: [{ token: 'rt_wiki', metrics: ['nope'] }] })).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics[1].id: duplicate metric id "weekly-full-workouts" (metrics[0] has it already); each metric needs its own id (received "weekly-full-workouts")
        readTokens[0].metrics[0]: unknown metric id "nope": name a metric id of this config, or "*" for all (received "nope")",
        "name": "ConfigError",
        "problems": [
          {
            "message": "duplicate metric id "weekly-full-workouts" (metrics[0] has it already); each metric needs its own id (received "weekly-full-workouts")",
            "path": "metrics[1].id",
          },
          {
            "message": "unknown metric id "nope": name a metric id of this config, or "*" for all (received "nope")",
            "path": "readTokens[0].metrics[0]",
          },
        ],
      }
    `);
  });

  it('should refuse a bad metric id, event name and short token', () => {
    expect(
      errorOf({ metrics: [{ ...metric, id: 'Weekly Workouts', action: { event: 'workout completed' } }], adminToken: 'abc' }),
    ).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        adminToken: must be at least 4 characters (or env:NAME to read it from the environment) (received "abc")
        metrics[0].id: must be 1..64 characters of a-z 0-9 and -, starting with a letter or digit (received "Weekly Workouts")
        metrics[0].action.event: must be 1..64 characters of A-Z a-z 0-9 _ . : - (received "workout completed")",
        "name": "ConfigError",
        "problems": [
          {
            "message": "must be at least 4 characters (or env:NAME to read it from the environment) (received "abc")",
            "path": "adminToken",
          },
          {
            "message": "must be 1..64 characters of a-z 0-9 and -, starting with a letter or digit (received "Weekly Workouts")",
            "path": "metrics[0].id",
          },
          {
            "message": "must be 1..64 characters of A-Z a-z 0-9 _ . : - (received "workout completed")",
            "path": "metrics[0].action.event",
          },
        ],
      }
    `);
  });

  it('should refuse an empty metric list and a config that is not an object', () => {
    expect(errorOf({ metrics: [] })).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        metrics: define at least one metric (received [])",
        "name": "ConfigError",
        "problems": [
          {
            "message": "define at least one metric (received [])",
            "path": "metrics",
          },
        ],
      }
    `);
    expect(errorOf(null)).toMatchInlineSnapshot(`
      {
        "message": "northstar.config.json is invalid:
        (root): must be an object (received null)",
        "name": "ConfigError",
        "problems": [
          {
            "message": "must be an object (received null)",
            "path": "(root)",
          },
        ],
      }
    `);
  });

  it('should shorten a long received value', () => {
    expect(errorOf(withMetric({ name: 'n'.repeat(300) })).problems).toMatchInlineSnapshot(`
      [
        {
          "message": "must be at most 200 characters long (received "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...)",
          "path": "metrics[0].name",
        },
      ]
    `);
  });
});

describe('formatPath', () => {
  it('should write JSON paths with dots and brackets', () => {
    expect(formatPath(['metrics', 0, 'action', 'where', 1, 'op'])).toBe('metrics[0].action.where[1].op');
    expect(formatPath([])).toBe('(root)');
  });
});
