/**
 * Nothing acknowledged is lost: two Telegram adapters in webhook mode behind one "load balancer" share update leases
 * through the real Redis on 127.0.0.1:6379 (unique key prefix; skipped without Redis). Telegram's side is played by
 * the test: it POSTs an update to instance A, and when A does not answer 200 (it died, or is still busy) it delivers
 * the same update again to instance B, as Telegram retries a failed webhook. Then the same with real processes: two
 * `serve --telegram` instances, one killed with SIGKILL mid-load (`bench faults` scenario telegram-webhook-kill-9),
 * audited against the PostgreSQL log.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import type { ChatAdapter } from '../../adapters/turns.ts';
import { freePort, TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import { telegramWebhookKillScenario } from '../../bench/support/fault-telegram.ts';
import {
  htmlToText,
  privateTextUpdate,
  startTelegramEmulator,
  type TelegramEmulator,
} from '../../bench/support/telegram-emulator.ts';
import { createHasher } from '../../src/log/crypto.ts';
import { openSharedLimits, type SharedLimits } from '../../src/middleware/shared-limits.ts';
import type { IncomingMessage, Reply } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { echoTurn, waitFor } from '../adapters/support/fixtures.ts';
import { connectTestRedis } from '../support/redis.ts';
import { expectClean, runSmall, sharedServersReachable } from './support.ts';

const { admin, reachable: hasRedis } = await connectTestRedis();
const prefix = `fa:test:lease:${randomUUID()}:`;
const HASHER = createHasher(randomBytes(32));
/** Short, so a dead instance's lease lapses within the test; renewed every third of it while a turn runs. */
const LEASE_MS = 600;

afterAll(async () => {
  if (hasRedis) {
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*` })) if (keys.length > 0) await admin.del(keys);
  }
  if (admin.isOpen) admin.destroy();
});

interface Instance {
  adapter: ChatAdapter;
  limits: SharedLimits;
  port: number;
  /** Message ids whose turn completed on this instance (what the app would have logged). */
  completed: string[];
}

let emulator: TelegramEmulator;
let cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  emulator = await startTelegramEmulator();
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups = [];
});

async function startInstance(handleTurn: (message: IncomingMessage) => Promise<Reply>): Promise<Instance> {
  const limits = await openSharedLimits(TEST_REDIS_URL, silentLogger, HASHER, { prefix, leaseMs: LEASE_MS });
  const port = await freePort();
  const completed: string[] = [];
  const adapter = createTelegramAdapter({
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    logger: silentLogger,
    webhook: { url: `http://127.0.0.1:${port}/telegram`, port, host: '127.0.0.1', answerMs: 10_000 },
    flood: limits.flood,
    dedup: limits.dedup,
    async handleTurn(message) {
      const reply = await handleTurn(message);
      completed.push(message.messageId!);
      return reply;
    },
  });
  await adapter.start();
  return { adapter, limits, port, completed };
}

/** A turn that waits until the test opens its gate (or fails it). */
function gatedTurn() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  let entered = false;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return {
    handleTurn: async (message: IncomingMessage) => {
      entered = true;
      await gate;
      return echoTurn(message);
    },
    entered: () => entered,
    open: () => open(),
    fail: (error: Error) => fail(error),
  };
}

const update = (chat: number, messageId: number, text: string) =>
  privateTextUpdate(randomInt(1e6, 1e9), chat, messageId, text);

/** Telegram's webhook delivery: the HTTP status, or `dropped` when the connection went away. */
const deliver = (instance: Instance, body: unknown, signal?: AbortSignal) =>
  fetch(`http://127.0.0.1:${instance.port}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  }).then(
    (response) => response.status,
    () => 'dropped' as const,
  );

const textsTo = (chat: number) =>
  emulator.server.storage.botMessages
    .filter((m) => Number(m.message.chat_id) === chat)
    .map((m) => htmlToText(String(m.message.text)));

describe.skipIf(!hasRedis)('webhook updates are acknowledged only once their turn completed', () => {
  it('runs an update again on another instance when the first died before replying: answered and logged once', async () => {
    const dying = gatedTurn();
    const a = await startInstance(dying.handleTurn);
    const b = await startInstance(echoTurn);
    cleanups.push(
      async () => b.adapter.stop(),
      async () => b.limits.close(),
      async () => emulator.stop(),
      async () => {
        // A's turn never comes back; let its stop finish (its apology goes nowhere: the emulator is gone).
        dying.fail(new Error('killed'));
        await a.adapter.stop();
      },
    );
    const chat = randomInt(1e9, 2e9);
    const lost = update(chat, 1, 'show me dresses');

    const dropConnection = new AbortController();
    let firstAnswer: number | 'dropped' | undefined;
    const first = deliver(a, lost, dropConnection.signal).then((status) => {
      firstAnswer = status;
      return status;
    });
    await waitFor(dying.entered, "A's turn to start");
    // A has not acknowledged the update: its turn has not completed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(firstAnswer).toBeUndefined();

    // A dies: its Redis connection goes (no more lease renewals) and Telegram's connection to it drops.
    await a.limits.close();
    dropConnection.abort();
    expect(await first).toBe('dropped');

    // Telegram delivers the update again; the load balancer sends it to B, which waits out A's lease and runs it.
    expect(await deliver(b, lost)).toBe(200);
    expect(b.completed).toEqual([`${chat}:1`]);
    expect(textsTo(chat)).toEqual(['echo: show me dresses']);

    // Another redelivery finds it done: answered 200 without running it again.
    expect(await deliver(b, lost)).toBe(200);
    expect(b.completed).toEqual([`${chat}:1`]);
    expect(a.completed).toEqual([]);
    expect(textsTo(chat)).toEqual(['echo: show me dresses']);
  }, 30_000);

  it('does not run an update twice while the instance running it is alive, even past its lease', async () => {
    const slow = gatedTurn();
    const a = await startInstance(slow.handleTurn);
    const b = await startInstance(echoTurn);
    cleanups.push(
      async () => emulator.stop(),
      async () => Promise.all([a.adapter.stop(), b.adapter.stop()]).then(() => undefined),
      async () => Promise.all([a.limits.close(), b.limits.close()]).then(() => undefined),
      async () => slow.open(), // first, should an assertion fail before A's turn is let go
    );
    const chat = randomInt(2e9, 3e9);
    const held = update(chat, 1, 'hello');

    const first = deliver(a, held);
    await waitFor(slow.entered, "A's turn to start");
    // A retry reaches B while A is still working (longer than one lease: A renews it): B does not run it, and says
    // "not yet" so that Telegram keeps the update.
    expect(await deliver(b, held)).toBe(503);
    expect(b.completed).toEqual([]);

    slow.open();
    expect(await first).toBe(200);
    await waitFor(() => textsTo(chat).length === 1, "A's reply");
    expect(await deliver(b, held)).toBe(200);
    expect(b.completed).toEqual([]);
    expect(a.completed).toEqual([`${chat}:1`]);
    expect(textsTo(chat)).toEqual(['echo: hello']);
  }, 30_000);
});

describe.skipIf(!(await sharedServersReachable()))('two serve --telegram processes on webhooks, one killed', () => {
  it('kill -9 with turns in flight: every acknowledged update logged once and answered, again only if cut off', async () => {
    const report = await runSmall(telegramWebhookKillScenario);
    expectClean(report);
    // A second answer only for an update the killed instance had in hand (its reply out, its acknowledgement not).
    expect(report.replies_repeated).toBeLessThanOrEqual(report.killed_in_flight!);
  }, 90_000);
});
