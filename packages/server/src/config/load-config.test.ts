import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@northstar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-position.ts';
import { readConfig } from './load-config.ts';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function problemsOf(text: string) {
  dir ??= await mkdtemp(join(tmpdir(), 'northstar-load-config-'));
  const file = join(dir, 'northstar.config.json');
  await writeFile(file, text);
  const error = await readConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('readConfig', () => {
  it('should name the line and column of a JSON syntax error and show that line', async () => {
    expect(await problemsOf('{\n  "timezone": "UTC",\n  "metrics" []\n}\n')).toEqual([
      { path: 'line 3, column 13', message: `not valid JSON: Unexpected token '[' (the line reads: "metrics" [])` },
    ]);
    expect(await problemsOf('{\n  "timezone": "UTC",\n  "weekStart": "monday",\n}\n')).toEqual([
      { path: 'line 4, column 1', message: 'not valid JSON: Expected double-quoted property name (the line reads: })' },
    ]);
    expect((await problemsOf('{\n  "timezone": "UTC",\n'))[0]?.path).toBe('line 3, column 1');
  });

  it('should suggest the closest key for a misspelt one', async () => {
    const problems = await problemsOf(
      JSON.stringify({ timezon: 'UTC', metrics: [{ id: 'm', name: 'M', sentence: 'M.', action: { event: 'a' } }] }),
    );
    expect(problems).toEqual([{ path: '(root)', message: 'unknown key "timezon" (did you mean "timezone"?)' }]);
  });
});

describe('jsonErrorOffset', () => {
  it('should find nothing wrong where JSON.parse succeeds, and an offset where it fails', () => {
    const samples = [
      '{}',
      '[]',
      '{"a":[1,-2.5e3,true,false,null,"x\\"y"]}',
      ' 1 ',
      '{"a":1,}',
      '[1 2]',
      '{"a" 1}',
      '"\n"',
      '01',
      '[',
      'tru',
      '{"a":1}x',
    ];
    for (const s of samples) {
      let ok = true;
      try {
        JSON.parse(s);
      } catch {
        ok = false;
      }
      expect(jsonErrorOffset(s) === undefined, s).toBe(ok);
    }
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{"a":1}x')).toBe(7);
  });
});
