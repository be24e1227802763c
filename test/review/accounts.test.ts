import { afterEach, describe, expect, it } from 'vitest';
import { type OpenTurnLog, openTurnLog } from '../../src/log/index.ts';
import { AccountError, csrfMatches, csrfToken, StylistAccounts } from '../../src/review/accounts.ts';
import { hashPassword, verifyPassword } from '../../src/review/passwords.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock } from '../../src/util/random.ts';
import { T0, tempHome, testConfig } from '../log/fixtures.ts';

describe('stylist accounts', () => {
  let log: OpenTurnLog | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await log?.close();
    cleanup();
  });
  const open = async () => {
    const home = tempHome();
    cleanup = home.cleanup;
    log = await openTurnLog(testConfig(home.home), silentLogger, { scheduleRetention: false });
    const clock = fixedClock(T0);
    return { accounts: new StylistAccounts(log.db, clock), clock };
  };

  it('hashes passwords with scrypt and a salt, and refuses short ones', async () => {
    const a = await hashPassword('a long passphrase');
    const b = await hashPassword('a long passphrase');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long passphrase', a)).toBe(true);
    expect(await verifyPassword('a long passphrasE', a)).toBe(false);
    expect(await verifyPassword('a long passphrase', 'garbage')).toBe(false);
    await expect(hashPassword('short')).rejects.toThrow(/at least 10/);
  });

  it('authenticates, refuses duplicates and bad names, and expires sessions', async () => {
    const { accounts, clock } = await open();
    const ada = await accounts.add('ada', 'a long passphrase');
    await expect(accounts.add('ada', 'another passphrase')).rejects.toThrow(AccountError);
    await expect(accounts.add('<b>', 'another passphrase')).rejects.toThrow(/stylist name/);
    expect(await accounts.authenticate('ada', 'a long passphrase')).toEqual(ada);
    expect(await accounts.authenticate('ada', 'wrong passphrase')).toBeUndefined();
    expect(await accounts.authenticate('nobody', 'a long passphrase')).toBeUndefined();
    const token = await accounts.startSession(ada);
    expect(await accounts.session(token)).toEqual(ada);
    expect(await accounts.session(`${token}x`)).toBeUndefined();
    clock.advance(13 * 3_600_000);
    expect(await accounts.session(token)).toBeUndefined();
    const second = await accounts.startSession(ada);
    await accounts.endSession(second);
    expect(await accounts.session(second)).toBeUndefined();
    const stored = await log!.db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(stored.some((r) => r.token_hash === second || r.token_hash === token)).toBe(false);
  });

  it('ends a session after 30 idle minutes, and 12 hours after login however busy', async () => {
    const { accounts, clock } = await open();
    const ada = await accounts.add('ada', 'a long passphrase');
    const idle = await accounts.startSession(ada);
    clock.advance(29 * 60_000);
    expect(await accounts.session(idle)).toEqual(ada); // used: idle again from now
    clock.advance(29 * 60_000);
    expect(await accounts.session(idle)).toEqual(ada);
    clock.advance(30 * 60_000 + 1);
    expect(await accounts.session(idle)).toBeUndefined();
    const busy = await accounts.startSession(ada);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      expect(await accounts.session(busy)).toEqual(ada);
    }
    clock.advance(20 * 60_000);
    expect(await accounts.session(busy)).toBeUndefined();
    const shortIdle = new StylistAccounts(log!.db, clock, 5 * 60_000);
    const brief = await shortIdle.startSession(ada);
    clock.advance(5 * 60_000 + 1);
    expect(await shortIdle.session(brief)).toBeUndefined();
  });

  it('binds CSRF tokens to the cookie value', () => {
    expect(csrfMatches('cookie-one', csrfToken('cookie-one'))).toBe(true);
    expect(csrfMatches('cookie-two', csrfToken('cookie-one'))).toBe(false);
    expect(csrfMatches(undefined, csrfToken('cookie-one'))).toBe(false);
    expect(csrfMatches('cookie-one', undefined)).toBe(false);
  });
});
