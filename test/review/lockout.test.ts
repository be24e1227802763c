/**
 * The console's login lockout under parallel requests, over real HTTP against the real console (SQLite and
 * PostgreSQL). Password checks are counted as calls of node:crypto's scrypt (the real one runs underneath).
 */
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { postgresReachable } from '../log/fixtures.ts';
import { type Console, client, PASSWORD, startConsole } from './helpers.ts';

const pgUp = await postgresReachable();

/** The rule under test: at most this many password checks per account per window (the rest: 429, no hashing). */
const ACCOUNT_LIMIT = 5;

describe.each([
  { name: 'sqlite', postgres: false, skip: false },
  { name: 'postgres', postgres: true, skip: !pgUp },
])('console lockout under parallel requests ($name)', ({ postgres, skip }) => {
  let console_: Console | undefined;
  let scrypt: MockInstance | undefined;
  beforeEach(() => {
    scrypt = vi.spyOn(crypto, 'scrypt');
    syncBuiltinESMExports();
  });
  afterEach(async () => {
    scrypt?.mockRestore();
    syncBuiltinESMExports();
    await console_?.stop();
    console_ = undefined;
  });

  /**
   * Fires `passwords.length` login posts at once from one browser (one pre-login cookie) at 198.51.100.7 (the console
   * trusts the loopback proxy, so X-Forwarded-For sets the client address); resolves to the statuses.
   */
  async function burst(passwords: string[]) {
    console_ = await startConsole({ postgres, env: { REVIEW_TRUST_PROXY: 'loopback' } });
    const browser = client(console_.server.url);
    const csrf = browser.csrfFrom(await (await browser.request('/login')).text());
    scrypt!.mockClear();
    const from = { 'x-forwarded-for': '198.51.100.7' };
    const responses = await Promise.all(
      passwords.map((password) => browser.post('/login', { name: 'ada', password, csrf }, from)),
    );
    const sessions = responses.filter((r) => r.headers.getSetCookie().some((c) => c.startsWith('fa_session=')));
    return { browser, statuses: responses.map((r) => r.status), sessions: sessions.length };
  }

  it.skipIf(skip)(
    'checks at most the threshold of 40 parallel attempts; the right one after it gets no session',
    async () => {
      const passwords = [...Array.from({ length: 39 }, (_, i) => `wrong guess ${i}`), PASSWORD];
      const { browser, statuses, sessions } = await burst(passwords);
      expect(scrypt!.mock.calls.length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
      expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40 - ACCOUNT_LIMIT);
      expect(sessions).toBe(0);
      // The account is locked now, from any address: the right password is refused without hashing.
      scrypt!.mockClear();
      const csrf = browser.csrfFrom(await (await browser.request('/login')).text());
      const late = await browser.post(
        '/login',
        { name: 'ada', password: PASSWORD, csrf },
        { 'x-forwarded-for': '203.0.113.5' },
      );
      expect(late.status).toBe(429);
      expect(late.headers.get('retry-after')).toBe('900');
      expect(await late.text()).toContain('Too many failed attempts for this account');
      expect(scrypt!.mock.calls.length).toBe(0);
    },
  );

  it.skipIf(skip)('hashes at most the threshold of 200 parallel wrong guesses and logs the refusals once', async () => {
    const { statuses } = await burst(Array.from({ length: 200 }, (_, i) => `wrong guess ${i}`));
    expect(scrypt!.mock.calls.length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(200 - ACCOUNT_LIMIT);
    const audit = await console_!.log.db.all<{ action: string }>('SELECT action FROM audit_log');
    expect(audit.length).toBeLessThanOrEqual(ACCOUNT_LIMIT + 1); // the failures and one "locked" row at most
  });
});
