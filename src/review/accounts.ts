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

const SESSION_MS = 12 * 3_600_000;
const NAME = /^[\p{L}\p{N}._-]{2,40}$/u;

/** Thrown for a refused account operation (bad name, duplicate). */
export class AccountError extends Error {
  override name = 'AccountError';
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
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
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
      now + SESSION_MS,
    ]);
    return token;
  }

  /** The stylist of a live session, or undefined. */
  async session(token: string | undefined): Promise<Stylist | undefined> {
    if (!token) return undefined;
    const row = await this.db.get<{ id: number; name: string }>(
      `SELECT s.id, s.name FROM sessions x JOIN stylists s ON s.id = x.stylist_id
       WHERE x.token_hash = ? AND x.expires_at > ?`,
      [sha256(token), this.clock.now()],
    );
    return row ? { id: Number(row.id), name: row.name } : undefined;
  }

  async endSession(token: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [sha256(token)]);
  }

  /** Records who did what (views, annotations, exports, logins). */
  async audit(stylist: string, action: string, target: string, detail = ''): Promise<void> {
    await this.db.run('INSERT INTO audit_log (at, stylist, action, target, detail) VALUES (?, ?, ?, ?, ?)', [
      this.clock.now(),
      stylist,
      action,
      target.slice(0, 500),
      detail.slice(0, 500),
    ]);
  }

  /** The latest audit entries, newest first. */
  async auditEntries(limit = 200): Promise<AuditEntry[]> {
    const rows = await this.db.all<{ at: number; stylist: string; action: string; target: string; detail: string }>(
      'SELECT at, stylist, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?',
      [limit],
    );
    return rows.map((r) => ({ ...r, at: Number(r.at) }));
  }
}

/** Verified against when the name is unknown, so that timing does not reveal which names exist. */
const DUMMY_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
