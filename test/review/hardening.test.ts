/**
 * The console behind a TLS proxy (REVIEW_TRUST_PROXY, Secure cookies, HSTS) and its audit log under a flood of
 * anonymous requests (field caps, a write budget, paging and filtering), over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/types.ts';
import { fixedClock } from '../../src/util/random.ts';
import { makeTurn } from '../log/fixtures.ts';
import { type Console, client, startConsole } from './helpers.ts';

let console_: Console | undefined;
afterEach(async () => {
  await console_?.stop();
  console_ = undefined;
});
const start = async (env: Record<string, string> = {}, clock?: Clock) => {
  console_ = await startConsole({ env, clock });
  return console_;
};

const sessionCookie = (response: Response) =>
  response.headers.getSetCookie().find((c) => c.startsWith('fa_session=')) ?? '';

describe('behind a TLS proxy', () => {
  /** Logs in with the given extra headers on every request; resolves to the login response. */
  async function loginWith(url: string, headers: Record<string, string>) {
    const browser = client(url);
    const page = await (await browser.request('/login', { headers })).text();
    return browser.post('/login', { name: 'ada', password: PASSWORD_FOR_TEST, csrf: browser.csrfFrom(page) }, headers);
  }

  it('marks the session Secure and sends HSTS when a trusted proxy says https', async () => {
    const { server } = await start({ REVIEW_TRUST_PROXY: 'loopback' });
    const https = await loginWith(server.url, { 'x-forwarded-proto': 'https' });
    expect(https.status).toBe(303);
    expect(sessionCookie(https)).toMatch(/; Secure/);
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const plain = await loginWith(server.url, {});
    expect(plain.status).toBe(303);
    expect(sessionCookie(plain)).not.toMatch(/Secure/);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('ignores X-Forwarded-Proto from a client it does not trust (unset, or another proxy address)', async () => {
    for (const env of [{}, { REVIEW_TRUST_PROXY: '10.0.0.1' }] as Record<string, string>[]) {
      const { server } = await start(env);
      const forged = await loginWith(server.url, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.9.9.9' });
      expect(forged.status).toBe(303);
      expect(sessionCookie(forged)).not.toMatch(/Secure/);
      expect(forged.headers.get('strict-transport-security')).toBeNull();
      await console_!.stop();
      console_ = undefined;
    }
  });
});

const PASSWORD_FOR_TEST = 'correct horse battery staple';

describe('audit log under a flood of anonymous requests', () => {
  it('cuts long names, refuses huge ones, and writes anonymous rows within a budget', async () => {
    const clock = fixedClock(Date.now());
    const { server, log } = await start({ REVIEW_TRUST_PROXY: 'loopback' }, clock);
    const browser = client(server.url);
    const csrf = browser.csrfFrom(await (await browser.request('/login')).text());
    const huge = await browser.post('/login', { name: 'x'.repeat(30_000), password: 'guess guess 1', csrf });
    expect(huge.status).toBe(400);
    // 40 different long names from 40 addresses: each is checked (no lock applies), few are written.
    for (let i = 0; i < 40; i++) {
      const response = await browser.post(
        '/login',
        { name: `${'n'.repeat(150)}${i}`, password: 'guess guess 1', csrf },
        { 'x-forwarded-for': `198.51.100.${i}` },
      );
      expect(response.status).toBe(401);
    }
    let rows = await log.db.all<{ stylist: string; action: string; target: string }>(
      'SELECT stylist, action, target FROM audit_log ORDER BY id',
    );
    expect(rows.length).toBe(30); // the budget's burst
    expect(rows.every((r) => r.action === 'login-failed' && r.target.length === 64 && r.stylist === '—')).toBe(true);
    clock.advance(2000); // one row's worth of budget (30 a minute)
    await browser.post('/login', { name: 'late', password: 'guess guess 1', csrf }, { 'x-forwarded-for': '192.0.2.1' });
    rows = await log.db.all('SELECT stylist, action, target, detail FROM audit_log ORDER BY id');
    expect(rows.slice(30)).toEqual([
      {
        stylist: '—',
        action: 'audit-suppressed',
        target: 'login form',
        detail: '10 failed or refused login(s) not logged one by one',
      },
      { stylist: '—', action: 'login-failed', target: 'late', detail: 'from 192.0.2.1' },
    ]);
  });

  it('pages the audit view and filters it by action, so real events cannot be pushed out of sight', async () => {
    const { server, accounts } = await start();
    await accounts.audit('ada', 'export', 'annotations', '3 lines');
    for (let i = 0; i < 230; i++) await accounts.audit('—', 'login-failed', `bot${i}`, 'from 198.51.100.1');
    const browser = client(server.url);
    await browser.login();
    const first = await (await browser.request('/audit')).text();
    expect(first.match(/<td>login-failed<\/td>/g)?.length).toBe(99); // and ada's login, the newest
    expect(first).not.toContain('<td>export</td>');
    expect(first).not.toContain('rel="prev"');
    const next = /href="([^"]+)" rel="next"/.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(next).toBe('/audit?page=2');
    const third = await (await browser.request('/audit?page=3')).text();
    expect(third).toContain('<td>export</td>');
    expect(third).toContain('rel="prev"');
    expect(third).not.toContain('rel="next"');
    const exports = await (await browser.request('/audit?action=export')).text();
    expect(exports.match(/<tr><td>/g)?.length).toBe(1);
    expect(exports).toContain('<td>export</td>');
    const signedIn = await (await browser.request('/audit?action=signed-in')).text();
    expect(signedIn).not.toContain('login-failed</td>');
    expect(signedIn).toContain('<td>export</td>');
    expect(signedIn).toMatch(/<td>ada<\/td><td>login<\/td>/);
    const bad = await browser.request('/audit?action=drop-table&page=0');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('action: not an audit action');
  });

  it('keeps the words of a conversation search out of the audit log (their blind-index hashes only)', async () => {
    const { server, log } = await start();
    await log.append(makeTurn({ text: 'a velvet gown for the opera', platform: 'cli' }));
    const browser = client(server.url);
    await browser.login();
    const page = await (await browser.request('/conversations?q=Velvet+gown&platform=cli')).text();
    expect(page).toContain('<span id="total">1</span>');
    const row = await log.db.get<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'list'");
    expect(row!.detail).not.toMatch(/velvet|gown/i);
    const hashes = log.searchTermHashes('velvet gown').map((h) => h.slice(0, 16));
    expect(new URLSearchParams(row!.detail).get('terms')).toBe(hashes.join(','));
    expect(new URLSearchParams(row!.detail).get('platform')).toBe('cli');
  });
});
