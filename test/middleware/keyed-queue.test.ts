import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../src/middleware/keyed-queue.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createKeyedQueue', () => {
  it('runs one key in order, other keys alongside, survives failures, and drains', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await delay(ms);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a1 = queue.run('a', task('a1', 40, true));
    const a2 = queue.run('a', task('a2', 5));
    const b1 = queue.run('b', task('b1', 5));
    expect(queue.pending).toBe(3);
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    expect(await b1).toBe('b1');
    await queue.drain();
    expect(queue.pending).toBe(0);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1')); // b did not wait for a
  });
});
