/**
 * Stylist accounts, login sessions and the audit log of the review console, kept in the log database.
 * Session tokens are random; only their SHA-256 is stored.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlDatabase } from '../log/sql.ts';
import type { Clock } from '../types.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** A logged-in stylist. */
export interface Stylist {
  id: number;
  name: string;
}

/** One audit log entry: who did what to which target. */
export interface AuditEntry {
  at: number;
  stylist: string;
  action: string;
  target: string;
  detail: string;
}

/** A session ends 12 hours after login at the latest. */
export const SESSION_MS = 12 * 3_600_000;
/** Default: a session ends after 30 minutes without a request. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** How often (at most) a request pushes its session's idle deadline back, so that page views rarely write. */
const TOUCH_AFTER_MS = 60_000;
const NAME = /^[\p{L}\p{N}._-]{2,40}$/u;

/** Longest stylist name (or submitted name) stored in the audit log; longer ones are cut. */
export const AUDIT_NAME_CHARS = 64;
const AUDIT_TARGET_CHARS = 200;
const AUDIT_DETAIL_CHARS = 300;
/** Audit entries per page of the audit view. */
export const AUDIT_PAGE_SIZE = 100;

/** Audit actions written by a signed-in stylist (or by the command line). */
export const STYLIST_ACTIONS = [
  'login',
  'logout',
  'list',
  'view',
  'annotate',
  'export',
  'stylist-removed',
  'sessions-revoked',
] as const;
/** Audit actions written on behalf of whoever reached the login form. */
export const UNAUTHENTICATED_ACTIONS = ['login-failed', 'login-locked', 'audit-suppressed'] as const;
/** Every audit action, for the audit view's filter. */
export const AUDIT_ACTIONS = [...STYLIST_ACTIONS, ...UNAUTHENTICATED_ACTIONS] as const;
/** An audit action. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Which audit entries to show: one action, only signed-in actions (`signed-in`), or all. */
export type AuditFilter = AuditAction | 'signed-in' | undefined;

/** One page of audit entries, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  page: number;
  hasNext: boolean;
}

/** Thrown for a refused account operation (bad name, duplicate). */
export class AccountError extends Error {
  override name = 'AccountError';
}

/** Text cut to `chars` code points, control characters (terminal escapes, newlines) shown as spaces. */
function auditText(text: string, chars: number): string {
  return [...text.replace(/[\p{Cc}\p{Cf}]/gu, ' ')].slice(0, chars).join('');
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The CSRF token that goes with a session (or pre-login) cookie value: an HMAC keyed by that secret value, so a
 * page that cannot read the cookie cannot forge it.
 */
export function csrfToken(cookieValue: string): string {
  return createHmac('sha256', cookieValue).update('fashion-advisor csrf').digest('base64url');
}

/** Constant-time comparison of a submitted CSRF token with the expected one. */
export function csrfMatches(cookieValue: string | undefined, submitted: unknown): boolean {
  if (!cookieValue || typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(cookieValue));
  const given = Buffer.from(submitted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Accounts, sessions and audit log over the log database. */
export class StylistAccounts {
  /**
   * @param idleMs a session ends after this long without a request (and `SESSION_MS` after login at the latest)
   */
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
    private readonly idleMs = SESSION_IDLE_MS,
  ) {}

  /**
   * Creates a stylist account (scrypt hash of the password).
   * @example
   * await accounts.add('ada', 'a long passphrase');
   */
  async add(name: string, password: string): Promise<Stylist> {
    if (!NAME.test(name)) throw new AccountError('a stylist name is 2–40 letters, digits, dots, dashes or underscores');
    const hash = await hashPassword(password);
    const row = await this.db.get<{ id: number }>(
      'INSERT INTO stylists (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id',
      [name, hash, this.clock.now()],
    );
    if (!row) throw new AccountError(`a stylist named "${name}" already exists`);
    return { id: Number(row.id), name };
  }

  /** The stylist when name and password match, else undefined (same work either way). */
  async authenticate(name: string, password: string): Promise<Stylist | undefined> {
    const row = await this.db.get<{ id: number; password_hash: string }>(
      'SELECT id, password_hash FROM stylists WHERE name = ?',
      [name],
    );
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    return row && ok ? { id: Number(row.id), name } : undefined;
  }

  /** Starts a session; returns the token to put in the cookie. */
  async startSession(stylist: Stylist): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.run('DELETE FROM sessions WHERE expires_at < ?', [now]);
    await this.db.run('INSERT INTO sessions (token_hash, stylist_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      sha256(token),
      stylist.id,
      now,
      this.deadline(now, now),
    ]);
    return token;
  }

  /** When a session used at `now` ends: after the idle time, but never later than `SESSION_MS` after login. */
  private deadline(createdAt: number, now: number): number {
    return Math.min(createdAt + SESSION_MS, now + this.idleMs);
  }

  /** The stylist of a live session, or undefined. Each use pushes the idle deadline back. */
  async session(token: string | undefined): Promise<Stylist | undefined> {
    if (!token) return undefined;
    const now = this.clock.now();
    const hash = sha256(token);
    const row = await this.db.get<{ id: number; name: string; created_at: number; expires_at: number }>(
      `SELECT s.id, s.name, x.created_at, x.expires_at FROM sessions x JOIN stylists s ON s.id = x.stylist_id
       WHERE x.token_hash = ? AND x.expires_at > ?`,
      [hash, now],
    );
    if (!row) return undefined;
    const deadline = this.deadline(Number(row.created_at), now);
    if (deadline - Number(row.expires_at) >= TOUCH_AFTER_MS) {
      await this.db.run('UPDATE sessions SET expires_at = ? WHERE token_hash = ?', [deadline, hash]);
    }
    return { id: Number(row.id), name: row.name };
  }

  /**
   * Ends every session of a stylist; resolves to how many there were (undefined when no such stylist).
   * @example
   * await accounts.revokeSessions('ada'); // 2
   */
  async revokeSessions(name: string): Promise<number | undefined> {
    const row = await this.db.get<{ id: number }>('SELECT id FROM stylists WHERE name = ?', [name]);
    if (!row) return undefined;
    return this.db.run('DELETE FROM sessions WHERE stylist_id = ?', [row.id]);
  }

  /**
   * Deletes a stylist account and its sessions; resolves to false when there is no such stylist. Their annotations
   * and audit entries stay (they name the stylist as text).
   * @example
   * await accounts.remove('ada'); // true
   */
  async remove(name: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ id: number }>('SELECT id FROM stylists WHERE name = ?', [name]);
      if (!row) return false;
      await tx.run('DELETE FROM sessions WHERE stylist_id = ?', [row.id]);
      await tx.run('DELETE FROM stylists WHERE id = ?', [row.id]);
      return true;
    });
  }

  async endSession(token: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [sha256(token)]);
  }

  /**
   * Records who did what (views, annotations, exports, logins). Names are cut to `AUDIT_NAME_CHARS`, targets and
   * details to a few hundred characters, so that no request can make a row large.
   */
  async audit(stylist: string, action: AuditAction, target: string, detail = ''): Promise<void> {
    await this.db.run('INSERT INTO audit_log (at, stylist, action, target, detail) VALUES (?, ?, ?, ?, ?)', [
      this.clock.now(),
      auditText(stylist, AUDIT_NAME_CHARS),
      action,
      auditText(target, AUDIT_TARGET_CHARS),
      auditText(detail, AUDIT_DETAIL_CHARS),
    ]);
  }

  /**
   * A page of audit entries, newest first, optionally of one action or of signed-in actions only.
   * @example
   * const { entries, hasNext } = await accounts.auditEntries({ page: 2, action: 'export' });
   */
  async auditEntries(options: { page?: number; action?: AuditFilter } = {}): Promise<AuditPage> {
    const page = Math.max(1, options.page ?? 1);
    const actions =
      options.action === 'signed-in' ? STYLIST_ACTIONS : options.action ? [options.action] : AUDIT_ACTIONS;
    const all = actions === AUDIT_ACTIONS;
    const rows = await this.db.all<{ at: number; stylist: string; action: string; target: string; detail: string }>(
      `SELECT at, stylist, action, target, detail FROM audit_log
       ${all ? '' : `WHERE action IN (${actions.map(() => '?').join(', ')})`}
       ORDER BY id DESC LIMIT ? OFFSET ?`,
      [...(all ? [] : actions), AUDIT_PAGE_SIZE + 1, (page - 1) * AUDIT_PAGE_SIZE],
    );
    const hasNext = rows.length > AUDIT_PAGE_SIZE;
    return { entries: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, at: Number(r.at) })), page, hasNext };
  }
}

/** Verified against when the name is unknown, so that timing does not reveal which names exist. */
const DUMMY_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
