/**
 * Keeps every turn when the conversation log (PostgreSQL or SQLite) is unreachable: turns that cannot be written
 * are spooled, encrypted, to a local file and written when the log answers again. The log ignores a turn whose
 * message id it already has, so a turn that reached it before a timeout is never logged twice. An erasure waits for a
 * write-back under way and drops the user's spooled turns; the log itself refuses a turn from before an erasure
 * (see `TurnLogStore.eraseUser`), so none lands after it, whichever instance spooled it.
 * A log holding data under other keys is not an outage: opening the spool fails with that error.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TextCipher } from '../log/crypto.ts';
import { LogKeyMismatchError } from '../log/key-check.ts';
import type { Logger, TurnLog, TurnRecord } from '../types.ts';
import { withTimeout } from '../util/async.ts';

export interface SpoolOptions {
  /** Opens (or reopens) the real log. */
  open: () => Promise<TurnLog>;
  file: string;
  cipher: TextCipher;
  logger: Logger;
  timeoutMs?: number;
  /** Wait at least this long between two attempts to reach a failed log. */
  retryMs?: number;
  now?: () => number;
}

export interface SpoolingTurnLog extends TurnLog {
  /** Turns waiting in the spool. */
  readonly spooled: number;
  /** Writes the spooled turns to the log; resolves to how many were written. */
  flush(): Promise<number>;
}

/**
 * @example
 * const log = await openSpoolingTurnLog({ open: () => openTurnLog(config, logger), file, cipher, logger });
 */
export async function openSpoolingTurnLog(options: SpoolOptions): Promise<SpoolingTurnLog> {
  const { file, cipher, logger } = options;
  const timeoutMs = options.timeoutMs ?? 3000;
  const retryMs = options.retryMs ?? 2000;
  const now = options.now ?? Date.now;
  let log: TurnLog | undefined;
  let down = false;
  let lastAttempt = 0;
  let flushing: Promise<number> | undefined;

  const seal = (record: TurnRecord) => cipher.encrypt(JSON.stringify(record)).toString('base64');
  const unseal = (line: string) => {
    try {
      return JSON.parse(cipher.decrypt(Buffer.from(line, 'base64'))) as TurnRecord;
    } catch (error) {
      throw new Error(
        `${file} cannot be read with the log keys (${(error as Error).message}): restore the keys it was written ` +
          'under (keys.json), or move the file away to give up the turns it holds',
        { cause: error },
      );
    }
  };
  const readSpool = (): TurnRecord[] =>
    existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(unseal) : [];
  const writeSpool = (records: TurnRecord[]) => {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, records.map((r) => `${seal(r)}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, file);
  };
  let spooled = readSpool().length;

  const markDown = (what: string, error: unknown) => {
    lastAttempt = now();
    if (!down) {
      down = true;
      logger.error('conversation log unreachable: spooling turns to a local file until it is back', {
        operation: what,
        file,
        error: (error as Error).message,
      });
    }
  };

  /**
   * The log, opened if needed; undefined while it is down and the retry delay has not passed. A log under other keys
   * is refused at start (`starting`); found later (the database was down at start), turns stay spooled.
   */
  let starting = true;
  const reach = async (): Promise<TurnLog | undefined> => {
    if (down && now() - lastAttempt < retryMs) return undefined;
    if (!log) {
      try {
        log = await withTimeout(options.open(), timeoutMs * 2, 'opening the log');
      } catch (error) {
        if (error instanceof LogKeyMismatchError && starting) throw error;
        markDown('open', error);
        return undefined;
      }
    }
    return log;
  };

  const flush = async (): Promise<number> => {
    const target = await reach();
    if (!target || spooled === 0) return 0;
    const pending = readSpool();
    let written = 0;
    try {
      for (const record of pending) {
        await withTimeout(target.append(record), timeoutMs, 'append');
        written++;
      }
    } catch (error) {
      writeSpool(pending.slice(written));
      spooled = pending.length - written;
      markDown('flush', error);
      return written;
    }
    writeSpool([]);
    spooled = 0;
    if (down) logger.info('conversation log is back: spooled turns written', { turns: written });
    down = false;
    return written;
  };

  const flushOnce = () => {
    flushing ??= flush().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };

  if (spooled > 0) await flushOnce();
  else await reach();
  starting = false;

  // Catch up on its own once the log is back, even if no new turn arrives to trigger it.
  const catchUp = setInterval(() => {
    if (spooled > 0) void flushOnce().catch(() => undefined);
  }, retryMs);
  catchUp.unref();

  return {
    get spooled() {
      return spooled;
    },
    flush: flushOnce,
    async append(record) {
      if (spooled > 0) await flushOnce();
      const target = spooled > 0 ? undefined : await reach();
      if (target) {
        try {
          await withTimeout(target.append(record), timeoutMs, 'append');
          if (down) logger.info('conversation log is back');
          down = false;
          return;
        } catch (error) {
          markDown('append', error);
        }
      }
      appendFileSync(file, `${seal(record)}\n`, { mode: 0o600 });
      spooled++;
    },
    async eraseUser(userId, until) {
      // A write-back under way holds the spool's turns in memory: let it finish (what it writes is erased below).
      while (flushing) await flushing.catch(() => undefined);
      const pending = readSpool();
      const kept = pending.filter((r) => r.userId !== userId || (until !== undefined && r.at > until));
      if (kept.length !== pending.length) writeSpool(kept);
      spooled = kept.length;
      const target = await reach();
      if (!target) throw new Error('the conversation log is unreachable; the erasure of its turns waits for it');
      return (await target.eraseUser(userId, until)) + (pending.length - kept.length);
    },
    async setTrendOptIn(userId, on) {
      const target = await reach();
      if (!target) throw new Error('the conversation log is unreachable; the trend-sharing choice was not saved');
      await target.setTrendOptIn(userId, on);
    },
    async exportUser(userId) {
      const target = await reach();
      const logged = target ? await target.exportUser(userId) : [];
      return [...logged, ...readSpool().filter((r) => r.userId === userId)];
    },
    /** Makes a last attempt (whatever the retry delay) to write the spool, then closes; what stays is kept on disk. */
    async close() {
      clearInterval(catchUp);
      if (spooled > 0) {
        lastAttempt = Number.NEGATIVE_INFINITY;
        await flushOnce().catch(() => undefined);
      }
      await log?.close();
    },
  };
}
