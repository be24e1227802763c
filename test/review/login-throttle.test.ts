import { afterEach, describe, expect, it } from 'vitest';
import { type OpenTurnLog, openTurnLog } from '../../src/log/index.ts';
import { AuditBudget } from '../../src/review/audit-budget.ts';
import { LoginGate } from '../../src/review/login-gate.ts';
import { addressKey, LoginThrottle } from '../../src/review/login-throttle.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock } from '../../src/util/random.ts';
import { freshSchema, postgresReachable, T0, tempHome, testConfig } from '../log/fixtures.ts';

const pgUp = await postgresReachable();
const WINDOW = 15 * 60_000;

describe.each([
  { name: 'sqlite', postgres: false, skip: false },
  { name: 'postgres', postgres: true, skip: !pgUp },
])('login throttle in the log database ($name)', ({ postgres, skip }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** `instances` logs (console instances) over one database, sharing a clock. */
  async function open(instances = 1) {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const schema = postgres ? await freshSchema() : undefined;
    if (schema) cleanups.push(schema.drop);
    const config = testConfig(home, schema ? { DATABASE_URL: schema.url } : {});
    const clock = fixedClock(T0);
    const logs: OpenTurnLog[] = [];
    for (let i = 0; i < instances; i++) {
      const log = await openTurnLog(config, silentLogger, { scheduleRetention: false, clock });
      cleanups.push(() => log.close());
      logs.push(log);
    }
    return { clock, throttles: logs.map((log) => new LoginThrottle(log.db, clock)) };
  }

  it.skipIf(skip)('grants exactly five of 60 parallel reservations for one account, over two instances', async () => {
    const { throttles } = await open(postgres ? 2 : 1);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => throttles[i % throttles.length]!.reserve('ada', `198.51.100.${i}`)),
    );
    expect(results.filter((r) => r.ok).length).toBe(5);
    const refusals = results.filter((r) => !r.ok);
    expect(refusals.every((r) => r.scope === 'account')).toBe(true);
    expect(refusals.map((r) => r.refused).sort((a, b) => a - b)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
  });

  it.skipIf(skip)(
    'limits an address over many names, takes both slots or neither, and ends with the window',
    async () => {
      const { throttles, clock } = await open();
      const throttle = throttles[0]!;
      for (let i = 0; i < 20; i++) expect((await throttle.reserve(`name${i}`, '203.0.113.9')).ok).toBe(true);
      const refused = await throttle.reserve('another', '203.0.113.9');
      expect(refused).toMatchObject({ ok: false, scope: 'address' });
      // The refused attempt took no slot for "another": it still has all five from elsewhere.
      for (let i = 0; i < 5; i++) expect((await throttle.reserve('another', `192.0.2.${i}`)).ok).toBe(true);
      expect(await throttle.reserve('another', '192.0.2.99')).toMatchObject({ ok: false, scope: 'account' });
      clock.advance(WINDOW + 1);
      expect((await throttle.reserve('another', '203.0.113.9')).ok).toBe(true);
    },
  );

  it.skipIf(skip)('gives a successful check its slot back', async () => {
    const { throttles } = await open();
    const throttle = throttles[0]!;
    for (let i = 0; i < 10; i++) {
      const slot = await throttle.reserve('ada', '203.0.113.9');
      expect(slot.ok).toBe(true);
      if (slot.ok) await slot.release();
    }
    for (let i = 0; i < 5; i++) expect((await throttle.reserve('ada', '203.0.113.9')).ok).toBe(true);
    expect((await throttle.reserve('ada', '203.0.113.9')).ok).toBe(false);
  });
});

describe('address keys', () => {
  it('groups an IPv6 /64 and unmaps IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('2001:db8::5')).toBe('ip:2001:db8:0:0::/64');
    expect(addressKey('::ffff:198.51.100.7')).toBe('ip:198.51.100.7');
    expect(addressKey('198.51.100.7')).toBe('ip:198.51.100.7');
  });
});

describe('login gate', () => {
  it('answers a burst per address, caps checks in flight, and remembers a bounded number of addresses', () => {
    const clock = fixedClock(T0);
    const gate = new LoginGate(clock, { burst: 3, perMinute: 6, concurrent: 4, addresses: 100 });
    const passes = [gate.enter('198.51.100.1'), gate.enter('198.51.100.1'), gate.enter('198.51.100.1')];
    expect(passes.every((p) => typeof p === 'function')).toBe(true);
    expect(gate.enter('198.51.100.1')).toBe('address');
    const other = gate.enter('198.51.100.2');
    expect(typeof other).toBe('function');
    expect(gate.enter('198.51.100.3')).toBe('busy'); // four checks in flight
    for (const pass of [...passes, other]) if (typeof pass === 'function') pass();
    expect(gate.enter('198.51.100.1')).toBe('address'); // no tokens yet
    clock.advance(10_000); // one token per 10 s
    const again = gate.enter('198.51.100.1');
    expect(typeof again).toBe('function');
    if (typeof again === 'function') again();
    for (let i = 0; i < 1000; i++) {
      const pass = gate.enter(`10.0.${i >> 8}.${i & 255}`);
      if (typeof pass === 'function') pass();
    }
    expect(gate.size).toBe(100);
  });
});

describe('audit budget', () => {
  it('writes a burst, then counts what it left out and reports it with the next row', () => {
    const clock = fixedClock(T0);
    const budget = new AuditBudget(clock, 2, 6);
    expect(budget.take()).toEqual({ write: true, suppressed: 0 });
    expect(budget.take()).toEqual({ write: true, suppressed: 0 });
    expect(budget.take()).toEqual({ write: false, suppressed: 1 });
    expect(budget.take()).toEqual({ write: false, suppressed: 2 });
    clock.advance(10_000);
    expect(budget.take()).toEqual({ write: true, suppressed: 2 });
  });
});
