/**
 * The console's login lockout, kept in the log database so that every console instance on it sees the same counts.
 *
 * The rule: an account name (known or not) and a client address each have a window that starts with their first
 * password check. Within it at most `account` (resp. `address`) checks may be failed or still in flight; any further
 * attempt is refused without hashing until the window ends. A check takes its slot atomically *before* the password is
 * hashed (one `INSERT … ON CONFLICT DO UPDATE … WHERE` per key, both keys in one transaction), so parallel requests
 * cannot all pass a read-then-write check. A successful check gives its own slots back; failures keep theirs.
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { SqlDatabase } from '../log/sql.ts';
import type { Clock } from '../types.ts';

/** How many password checks an account and an address may fail (or have in flight) per window. */
export interface ThrottleLimits {
  account: number;
  address: number;
  windowMs: number;
}

/** Five tries per account and twenty per address in a quarter of an hour. */
export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { account: 5, address: 20, windowMs: 15 * 60_000 };

/** A slot taken for one password check. */
export interface LoginSlot {
  ok: true;
  /** Gives the slots back (call after a successful check only). */
  release(): Promise<void>;
}

/** An attempt refused without hashing. */
export interface LoginRefusal {
  ok: false;
  scope: 'account' | 'address';
  /** Attempts refused so far in this window for that key (1 for the first). */
  refused: number;
}

const SWEEP_EVERY_MS = 60_000;

/** Unwinds the reservation transaction when a key has no slot left. */
class Refused extends Error {
  constructor(
    readonly key: string,
    readonly scope: LoginRefusal['scope'],
  ) {
    super('login attempt refused');
  }
}

/**
 * The throttle key of a client address: IPv4 addresses as they are (also when IPv4-mapped), IPv6 addresses by their
 * /64 prefix, since one host is usually given a whole /64 and could otherwise rotate through it.
 * @example
 * addressKey('2001:db8:1:2:aaaa::1') // 'ip:2001:db8:1:2::/64'
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `ip:${mapped[1]}`;
  if (isIPv4(address)) return `ip:${address}`;
  if (!isIPv6(address)) return `ip:${address.slice(0, 64)}`;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `ip:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The throttle key of a submitted account name: hashed, so the table holds no submitted text. */
export function accountKey(name: string): string {
  return `account:${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

/** Counts password checks per account and address in the database (see the module comment). */
export class LoginThrottle {
  private lastSweep = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
    readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {}

  /**
   * Takes one slot for the account and one for the address, or neither when either is used up.
   * @example
   * const slot = await throttle.reserve('ada', '203.0.113.9');
   * if (!slot.ok) return refuse(); // no hashing
   */
  async reserve(name: string, address: string): Promise<LoginSlot | LoginRefusal> {
    const now = this.clock.now();
    await this.sweep(now);
    const keys = [
      { key: accountKey(name), limit: this.limits.account, scope: 'account' as const },
      { key: addressKey(address), limit: this.limits.address, scope: 'address' as const },
    ];
    const expired = now - this.limits.windowMs;
    let taken: { key: string; windowStart: number }[];
    try {
      taken = await this.db.transaction(async (tx) => {
        const windows: { key: string; windowStart: number }[] = [];
        for (const { key, limit, scope } of keys) {
          const row = await tx.get<{ window_start: number }>(
            `INSERT INTO login_throttle (key, window_start, attempts, refused) VALUES (?, ?, 1, 0)
             ON CONFLICT (key) DO UPDATE SET
               attempts = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.attempts + 1 END,
               refused = CASE WHEN login_throttle.window_start <= ? THEN 0 ELSE login_throttle.refused END,
               window_start = CASE WHEN login_throttle.window_start <= ? THEN ? ELSE login_throttle.window_start END
             WHERE login_throttle.window_start <= ? OR login_throttle.attempts < ?
             RETURNING window_start`,
            [key, now, expired, expired, expired, now, expired, limit],
          );
          // Rolls back the slot already taken for the other key: an attempt takes both slots or none.
          if (!row) throw new Refused(key, scope);
          windows.push({ key, windowStart: Number(row.window_start) });
        }
        return windows;
      });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const row = await this.db.get<{ refused: number }>(
        'UPDATE login_throttle SET refused = refused + 1 WHERE key = ? RETURNING refused',
        [error.key],
      );
      return { ok: false, scope: error.scope, refused: Number(row?.refused ?? 1) };
    }
    return {
      ok: true,
      release: async () => {
        for (const { key, windowStart } of taken) {
          await this.db.run(
            'UPDATE login_throttle SET attempts = attempts - 1 WHERE key = ? AND window_start = ? AND attempts > 0',
            [key, windowStart],
          );
        }
      },
    };
  }

  /** Drops rows whose window ended (at most once a minute), so the table stays as small as the recent attempts. */
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db.run('DELETE FROM login_throttle WHERE window_start <= ?', [now - this.limits.windowMs]);
  }
}
