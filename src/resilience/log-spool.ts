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
  const timeoutMs = options.timeoutMs ?? 3000;
  const retryMs = options.retryMs ?? 2000;
  const link = new LogLink(options, timeoutMs, retryMs);
  const log = new SpoolingLog(new SpoolFile(options.file, options.cipher), link, timeoutMs);
  if (log.spooled > 0) await log.flush();
  else await link.reach();
  link.started();
  log.catchUpEvery(retryMs);
  return log;
}

/** The log seen through the spool: turns go to the log when it answers, else to the spool until it does. */
class SpoolingLog implements SpoolingTurnLog {
  private count: number;
  private flushing: Promise<number> | undefined;
  private catchUp: NodeJS.Timeout | undefined;

  constructor(
    private readonly spool: SpoolFile,
    private readonly link: LogLink,
    private readonly timeoutMs: number,
  ) {
    this.count = spool.read().length;
  }

  get spooled(): number {
    return this.count;
  }

  /** Writes the spool back, one write-back at a time. */
  flush = (): Promise<number> => {
    this.flushing ??= this.writeBack().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  };

  /** Catch up on its own once the log is back, even if no new turn arrives to trigger it. */
  catchUpEvery(ms: number): void {
    this.catchUp = setInterval(() => {
      if (this.count > 0) void this.flush().catch(() => undefined);
    }, ms);
    this.catchUp.unref();
  }

  private async writeBack(): Promise<number> {
    const target = await this.link.reach();
    if (!target || this.count === 0) return 0;
    const pending = this.spool.read();
    let written = 0;
    try {
      for (const record of pending) {
        await withTimeout(target.append(record), this.timeoutMs, 'append');
        written++;
      }
    } catch (error) {
      this.spool.write(pending.slice(written));
      this.count = pending.length - written;
      this.link.markDown('flush', error);
      return written;
    }
    this.spool.write([]);
    this.count = 0;
    this.link.markUp('conversation log is back: spooled turns written', { turns: written });
    return written;
  }

  async append(record: TurnRecord): Promise<void> {
    if (this.count > 0) await this.flush();
    const target = this.count > 0 ? undefined : await this.link.reach();
    if (target) {
      try {
        await withTimeout(target.append(record), this.timeoutMs, 'append');
        this.link.markUp('conversation log is back');
        return;
      } catch (error) {
        this.link.markDown('append', error);
      }
    }
    this.spool.append(record);
    this.count++;
  }

  async eraseUser(userId: string, until?: number): Promise<number> {
    // A write-back under way holds the spool's turns in memory: let it finish (what it writes is erased below).
    while (this.flushing) await this.flushing.catch(() => undefined);
    const pending = this.spool.read();
    const kept = pending.filter((r) => r.userId !== userId || (until !== undefined && r.at > until));
    if (kept.length !== pending.length) this.spool.write(kept);
    this.count = kept.length;
    const target = await this.link.reach();
    if (!target) throw new Error('the conversation log is unreachable; the erasure of its turns waits for it');
    return (await target.eraseUser(userId, until)) + (pending.length - kept.length);
  }

  async setTrendOptIn(userId: string, on: boolean): Promise<void> {
    const target = await this.link.reach();
    if (!target) throw new Error('the conversation log is unreachable; the trend-sharing choice was not saved');
    await target.setTrendOptIn(userId, on);
  }

  async exportUser(userId: string): Promise<TurnRecord[]> {
    const target = await this.link.reach();
    const logged = target ? await target.exportUser(userId) : [];
    return [...logged, ...this.spool.read().filter((r) => r.userId === userId)];
  }

  /** Makes a last attempt (whatever the retry delay) to write the spool, then closes; what stays is kept on disk. */
  async close(): Promise<void> {
    clearInterval(this.catchUp);
    if (this.count > 0) {
      this.link.retryNow();
      await this.flush().catch(() => undefined);
    }
    await this.link.close();
  }
}

/** The spool on disk: one encrypted turn per line, rewritten atomically. */
class SpoolFile {
  constructor(
    private readonly file: string,
    private readonly cipher: TextCipher,
  ) {}

  read(): TurnRecord[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => this.unseal(line));
  }

  write(records: readonly TurnRecord[]): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, records.map((r) => `${this.seal(r)}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  append(record: TurnRecord): void {
    appendFileSync(this.file, `${this.seal(record)}\n`, { mode: 0o600 });
  }

  private seal(record: TurnRecord): string {
    return this.cipher.encrypt(JSON.stringify(record)).toString('base64');
  }

  private unseal(line: string): TurnRecord {
    try {
      return JSON.parse(this.cipher.decrypt(Buffer.from(line, 'base64'))) as TurnRecord;
    } catch (error) {
      throw new Error(
        `${this.file} cannot be read with the log keys (${(error as Error).message}): restore the keys it was written ` +
          'under (keys.json), or move the file away to give up the turns it holds',
        { cause: error },
      );
    }
  }
}

/** The connection to the real log: opened on demand, marked down on a failure, tried again after the retry delay. */
class LogLink {
  private log: TurnLog | undefined;
  private down = false;
  private lastAttempt = 0;
  /** A log under other keys is refused at start; found later (the database was down at start), turns stay spooled. */
  private starting = true;
  private readonly now: () => number;

  constructor(
    private readonly options: SpoolOptions,
    private readonly timeoutMs: number,
    private readonly retryMs: number,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The log, opened if needed; undefined while it is down and the retry delay has not passed. */
  async reach(): Promise<TurnLog | undefined> {
    if (this.down && this.now() - this.lastAttempt < this.retryMs) return undefined;
    if (!this.log) {
      try {
        this.log = await withTimeout(this.options.open(), this.timeoutMs * 2, 'opening the log');
      } catch (error) {
        if (error instanceof LogKeyMismatchError && this.starting) throw error;
        this.markDown('open', error);
        return undefined;
      }
    }
    return this.log;
  }

  /** Start-up is over: from now on a log under other keys is an outage like any other. */
  started(): void {
    this.starting = false;
  }

  markDown(operation: string, error: unknown): void {
    this.lastAttempt = this.now();
    if (this.down) return;
    this.down = true;
    this.options.logger.error('conversation log unreachable: spooling turns to a local file until it is back', {
      operation,
      file: this.options.file,
      error: (error as Error).message,
    });
  }

  /** A write went through: says so once if the log was down. */
  markUp(message: string, fields?: Record<string, unknown>): void {
    if (this.down) this.options.logger.info(message, fields);
    this.down = false;
  }

  /** The next `reach` tries the log whatever the retry delay. */
  retryNow(): void {
    this.lastAttempt = Number.NEGATIVE_INFINITY;
  }

  async close(): Promise<void> {
    await this.log?.close();
  }
}
