import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../src/middleware/keyed-queue.ts';

describe('createKeyedQueue', () => {
  it('runs one key in order, other keys alongside, survives failures, and drains', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const task =
      (name: string, wait?: Promise<void>, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await wait;
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a1 = queue.run('a', task('a1', gate, true));
    const a2 = queue.run('a', task('a2'));
    const b1 = queue.run('b', task('b1'));
    expect(queue.pending).toBe(3);
    // b finishes while a1 still waits: b did not wait for a, and a2 has not started.
    expect(await b1).toBe('b1');
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
    openGate();
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    await queue.drain();
    expect(queue.pending).toBe(0);
    expect(log.slice(3)).toEqual(['end a1', 'start a2', 'end a2']);
  });
});
