/**
 * "Forget me" around the spool's write-back after a PostgreSQL outage (issue 16, 5a), on the real server through a
 * cuttable proxy: a turn spooled during the outage must not land in the log after the user's erasure — neither when
 * the erasure comes while this instance is writing its spool back, nor when another instance erased the user before
 * this one's spool was written back.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cuttableProxy } from '../../bench/support/fault-infra.ts';
import { createTextCipher } from '../../src/log/crypto.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { openSpoolingTurnLog } from '../../src/resilience/log-spool.ts';
import type { TurnLog } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import {
  freshSchema,
  makeTurn,
  PG_URL,
  postgresReachable,
  storedMessageId,
  tempHome,
  testConfig,
} from '../log/fixtures.ts';

const hasPostgres = await postgresReachable();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const KEYS = { LOG_ENCRYPTION_KEY: 'f6'.repeat(32), PSEUDONYM_KEY: 'spool-erasure-test-key-0123456789' };
const user = 'telegram:spool-erased';

/** A PostgreSQL schema reached through a cuttable proxy, and an instance's spooling log on it. */
async function setUp() {
  const schema = await freshSchema();
  cleanups.push(schema.drop);
  const target = new URL(PG_URL);
  const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
  cleanups.push(proxy.stop);
  const viaProxy = schema.url.replace(`${target.hostname}:${target.port || 5432}`, `127.0.0.1:${proxy.port}`);
  const direct = async () => {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const log = await openTurnLog(testConfig(home, { ...KEYS, DATABASE_URL: schema.url }), silentLogger, {
      scheduleRetention: false,
    });
    cleanups.push(() => log.close());
    return log;
  };
  return { proxy, viaProxy, direct };
}

/** An instance's spooling log through the proxy; `gate` holds every append to the real log while set. */
async function spoolingLog(viaProxy: string) {
  const { home, cleanup } = tempHome();
  cleanups.push(cleanup);
  const config = testConfig(home, { ...KEYS, DATABASE_URL: viaProxy });
  const holder: { gate?: Promise<void>; reached?: () => void } = {};
  const held = (log: TurnLog): TurnLog => ({
    ...log,
    append: async (record) => {
      if (holder.gate) {
        holder.reached?.();
        await holder.gate;
      }
      return log.append(record);
    },
    eraseUser: (userId, until) => log.eraseUser(userId, until),
    exportUser: (userId) => log.exportUser(userId),
    setTrendOptIn: (userId, on) => log.setTrendOptIn(userId, on),
    close: () => log.close(),
  });
  let now = 0;
  const log = await openSpoolingTurnLog({
    open: async () => held(await openTurnLog(config, silentLogger, { scheduleRetention: false })),
    file: path.join(home, 'log-spool.jsonl'),
    cipher: createTextCipher(loadLogKeys(config, silentLogger).encryption),
    logger: silentLogger,
    timeoutMs: 1000,
    retryMs: 50,
    now: () => now,
  });
  cleanups.push(() => log.close());
  return { log, holder, later: () => (now += 1000) };
}

describe.skipIf(!hasPostgres)('erasure and the spool write-back', () => {
  it('erases the turns a write-back under way was writing', async () => {
    const { proxy, viaProxy, direct } = await setUp();
    const { log, holder, later } = await spoolingLog(viaProxy);
    await proxy.cut();
    for (let i = 0; i < 3; i++) await log.append(makeTurn({ userId: user, conversationId: 'c', messageId: `s${i}` }));
    expect(log.spooled).toBe(3);
    await proxy.restore();
    later();
    // The write-back starts and is held at its first turn …
    let release!: () => void;
    holder.gate = new Promise((resolve) => {
      release = resolve;
    });
    const reached = new Promise<void>((resolve) => {
      holder.reached = resolve;
    });
    const writeBack = log.flush();
    await reached;
    // … when the user asks to be forgotten (the erasure starts at once; the write-back is still held).
    const erasing = log.eraseUser(user);
    holder.gate = undefined;
    release();
    await Promise.all([writeBack, erasing]);
    await log.flush();
    expect(log.spooled).toBe(0);
    expect(await (await direct()).exportUser(user)).toEqual([]);
  }, 60_000);

  it("keeps another instance's spooled turns of an erased user out of the log", async () => {
    const { proxy, viaProxy, direct } = await setUp();
    const { log, later } = await spoolingLog(viaProxy);
    await log.append(makeTurn({ userId: user, conversationId: 'c', messageId: 'before' }));
    await proxy.cut();
    for (let i = 0; i < 2; i++) await log.append(makeTurn({ userId: user, conversationId: 'c', messageId: `s${i}` }));
    expect(log.spooled).toBe(2);
    // The user says "forget me" to another instance, which reaches PostgreSQL.
    const other = await direct();
    expect(await other.eraseUser(user)).toBe(1);
    await proxy.restore();
    later();
    await log.flush();
    expect(log.spooled).toBe(0);
    expect(await other.exportUser(user)).toEqual([]);
    // The user comes back afterwards: that turn is theirs to keep.
    const back = makeTurn({ userId: user, conversationId: 'c', messageId: 'after', at: Date.now() + 1000 });
    await log.append(back);
    expect((await other.exportUser(user)).map((t) => t.messageId)).toEqual([
      storedMessageId(KEYS.PSEUDONYM_KEY, 'after'),
    ]);
  }, 60_000);
});
