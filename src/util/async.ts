/** Small promise helpers shared by the stores and the long-running commands. */

/** Thrown when an operation does not settle in time; names the operation. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Rejects with a `TimeoutError` when `promise` has not settled after `ms`.
 * @example
 * await withTimeout(redis.get(key), 800, 'load');
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the signal's name at the first SIGTERM or SIGINT (Ctrl-C).
 * @example
 * const signal = await untilSignal(); // 'SIGTERM'
 */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
