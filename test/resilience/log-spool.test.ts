/**
 * The log spool against a real PostgreSQL outage: a TCP proxy between the log and PostgreSQL is cut and restored.
 * Turns appended meanwhile are spooled (encrypted, not in clear on disk), written once the log is back, and a turn
 * that reached PostgreSQL before it was spooled again is not logged twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cuttableProxy } from '../../bench/support/fault-infra.ts';
import { createTextCipher } from '../../src/log/crypto.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { openSpoolingTurnLog } from '../../src/resilience/log-spool.ts';
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

describe.skipIf(!hasPostgres)('spooling turn log during a PostgreSQL outage', () => {
  it('spools while the log is unreachable and writes every turn exactly once when it is back', async () => {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const schema = await freshSchema();
    cleanups.push(schema.drop);
    const target = new URL(PG_URL);
    const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(proxy.stop);
    const viaProxy = schema.url.replace(`${target.hostname}:${target.port || 5432}`, `127.0.0.1:${proxy.port}`);
    const config = testConfig(home, { DATABASE_URL: viaProxy });
    const file = path.join(home, 'log-spool.jsonl');
    let now = 0;
    const log = await openSpoolingTurnLog({
      open: () => openTurnLog(config, silentLogger, { scheduleRetention: false }),
      file,
      cipher: createTextCipher(loadLogKeys(config, silentLogger).encryption),
      logger: silentLogger,
      timeoutMs: 1000,
      retryMs: 50,
      now: () => now,
    });
    cleanups.push(() => log.close());
    const user = 'telegram:outage';
    const turns = Array.from({ length: 6 }, (_, i) =>
      makeTurn({ userId: user, conversationId: 'c1', messageId: `m${i}` }),
    );

    await log.append(turns[0]!);
    await log.append(turns[1]!);
    await proxy.cut();
    for (const turn of turns.slice(2, 5)) await log.append(turn);
    expect(log.spooled).toBe(3);
    expect(readFileSync(file, 'utf8')).not.toContain(turns[2]!.text);
    // A turn that did reach the log is in the spool again (as after a timeout): it must not be logged twice.
    await proxy.restore();
    now += 1000;
    await log.append(turns[5]!);
    await log.append(turns[1]!);
    expect(log.spooled).toBe(0);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').toBe('');

    const direct = await openTurnLog(testConfig(home, { DATABASE_URL: schema.url }), silentLogger, {
      scheduleRetention: false,
    });
    cleanups.push(() => direct.close());
    const logged = (await direct.exportUser(user)).map((t) => t.messageId);
    const { pseudonym } = loadLogKeys(testConfig(home), silentLogger);
    const expected = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'].map((id) => storedMessageId(pseudonym, id));
    expect(logged.sort()).toEqual(expected.sort());
    const { rows } = await schema.client.query('SELECT count(*)::int AS n FROM turns');
    expect(rows[0].n).toBe(6);
  }, 60_000);
});
