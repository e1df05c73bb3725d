import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.ts';
import { ReadQueue } from './read-queue.ts';

/** A computation the test finishes by hand, recording when it started. */
function held(log: string[], name: string) {
  let finish!: (v: string) => void;
  const done = new Promise<string>((resolve) => {
    finish = resolve;
  });
  return {
    compute: () => {
      log.push(name);
      return done;
    },
    finish: () => finish(name),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ReadQueue', () => {
  it('should serve the token served longest ago first, so a flood waits behind itself', async () => {
    const q = new ReadQueue({ concurrency: 1, perToken: 10, total: 100 });
    const log: string[] = [];
    const jobs = ['a1', 'a2', 'a3'].map((n) => held(log, n));
    const runs = jobs.map((j, i) => q.run('A', `a${i}`, j.compute));
    const b = held(log, 'b1');
    const runB = q.run('B', 'b', b.compute);
    await tick();
    expect(log).toEqual(['a1']);
    jobs[0]?.finish();
    await tick();
    expect(log).toEqual(['a1', 'b1']);
    b.finish();
    jobs[1]?.finish();
    jobs[2]?.finish();
    expect(await Promise.all([...runs, runB])).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(q.stats()).toEqual({ waiting: 0, running: 0 });
  });

  it("should share one computation between tokens, starting it at the earlier token's turn", async () => {
    const q = new ReadQueue({ concurrency: 1, perToken: 10, total: 100 });
    const log: string[] = [];
    const first = held(log, 'a-first');
    const shared = held(log, 'shared');
    const other = held(log, 'shared-again');
    const a1 = q.run('A', 'first', first.compute);
    const a2 = q.run('A', 'same', shared.compute);
    // B asks for the job waiting in A's queue: B's turn comes before A's second.
    const b = q.run('B', 'same', other.compute);
    expect(q.stats()).toEqual({ waiting: 1, running: 1 });
    first.finish();
    await tick();
    shared.finish();
    expect(await Promise.all([a1, a2, b])).toEqual(['a-first', 'shared', 'shared']);
    expect(log).toEqual(['a-first', 'shared']);
  });

  it('should refuse with 503 and Retry-After past a token queue or the total, and let other tokens in', () => {
    const q = new ReadQueue({ concurrency: 1, perToken: 2, total: 3 });
    const never = () => new Promise<never>(() => {});
    q.run('A', 'a0', never);
    q.run('A', 'a1', never);
    q.run('A', 'a2', never);
    const refused = (() => {
      try {
        q.run('A', 'a3', never);
      } catch (e) {
        return e;
      }
    })() as HttpError;
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused.status).toBe(503);
    expect(refused.message).toContain('limits.readQueuePerToken');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    q.run('B', 'b0', never);
    expect(() => q.run('C', 'c0', never)).toThrow(/limits\.readQueue\b/);
    expect(q.stats()).toEqual({ waiting: 3, running: 1 });
  });

  it('should pass a failure to every asker and go on with the next job, also when compute throws at once', async () => {
    const q = new ReadQueue({ concurrency: 1, perToken: 10, total: 100 });
    const boom = () => {
      throw new Error('store down');
    };
    const a = q.run('A', 'k', boom);
    const b = q.run('B', 'k', boom);
    const next = q.run('A', 'other', async () => 'ok');
    await expect(a).rejects.toThrow('store down');
    await expect(b).rejects.toThrow('store down');
    expect(await next).toBe('ok');
    expect(q.stats()).toEqual({ waiting: 0, running: 0 });
  });
});
