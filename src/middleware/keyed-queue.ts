/**
 * Runs tasks one at a time per key (a chat) and concurrently across keys, so the messages of one chat are answered in
 * the order they came while other chats are not held up.
 */

export interface KeyedQueue {
  /** Queues `task` behind the earlier tasks of `key`; resolves or rejects with the task's own outcome. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running. */
  readonly pending: number;
  /** Resolves once every task queued so far has settled. */
  drain(): Promise<void>;
}

/**
 * @example
 * const queue = createKeyedQueue();
 * queue.run('chat:1', () => answer(first)); queue.run('chat:1', () => answer(second)); // second waits for first
 */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  let pending = 0;
  let idle: (() => void)[] = [];

  const settle = () => {
    pending--;
    if (pending === 0) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  };

  return {
    run(key, task) {
      pending++;
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
        settle();
      });
      return result;
    },
    get pending() {
      return pending;
    },
    drain() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
  };
}
