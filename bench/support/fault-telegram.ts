/**
 * The Telegram webhook scenario of `bench faults`: two `serve --telegram` instances (child processes, webhook mode,
 * sharing the run's Redis and PostgreSQL) behind a round-robin load balancer, against the loopback Bot API emulator.
 * The bench plays Telegram's webhook delivery: an update is delivered until an instance answers 200, every failure
 * (non-2xx, connection dropped or refused) retried on the next instance after a short pause. Instance 0 is killed with
 * SIGKILL once a third of the updates were acknowledged (turns in flight) and started again. Afterwards every
 * acknowledged update must be in the log exactly once and answered exactly once, and no "I hate <colour>" lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createHasher } from '../../src/log/crypto.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { openStateStore } from '../../src/store/index.ts';
import type { Logger } from '../../src/types.ts';
import { deleteKeys, freePort, openInfra, TEST_REDIS_URL, waitForPort } from './fault-infra.ts';
import { type FaultReport, faultTurnText } from './fault-report.ts';
import { loadTelegramEmulator } from './load-emulator.ts';

const BIN = fileURLToPath(new URL('../../bin/fashion-advisor.js', import.meta.url));
/** Deliveries of one update before it counts as never acknowledged. */
const ATTEMPTS = 60;
const RETRY_PAUSE_MS = 250;
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;

/** One `serve --telegram` instance on a fixed port, started again whenever it dies. */
function startServe(env: Record<string, string>, port: number) {
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  const start = () => {
    const proc = spawn(process.execPath, [BIN, 'serve', '--telegram'], {
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = proc;
    proc.once('exit', () => {
      if (stopping) return;
      restarts++;
      start();
    });
  };
  start();
  return {
    get restarts() {
      return restarts;
    },
    ready: () => waitForPort(port, START_TIMEOUT_MS),
    kill: () => child?.kill('SIGKILL'),
    async stop() {
      stopping = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The webhook run under test: the instances, their ports and the shoppers' chats. */
interface WebhookRun {
  logger: Logger;
  ports: number[];
  instances: ReturnType<typeof startServe>[];
  chats: number[];
  turns: number;
  /** The secret token Telegram would send with each delivery. */
  secret: string;
}

/** What the deliveries came to: the acknowledged updates (`chat:message` → shopper and text) and the kill. */
interface Deliveries {
  acked: Map<string, { u: number; text: string }>;
  resent: number;
  killedInFlight: number;
}

/** The update Telegram would deliver for message `m` of shopper `u`. */
function shopperUpdate(updateId: number, chat: number, m: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: m + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Shopper' },
      from: { id: chat, is_bot: false, first_name: 'Shopper' },
      text,
    },
  };
}

/** Posts one delivery to an instance; its HTTP status, 0 when the connection failed. */
function post(port: number, secret: string, update: unknown): Promise<number> {
  return fetch(`http://127.0.0.1:${port}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  }).then(
    (response) => response.status,
    () => 0,
  );
}

/**
 * Plays Telegram: every shopper's messages in order, each delivered until some instance answers 200, and instance 0
 * killed (turns in flight) once a third of them were acknowledged, then started again.
 */
async function deliverAll(run: WebhookRun): Promise<Deliveries> {
  const { logger, ports, instances, chats, turns, secret } = run;
  const result: Deliveries = { acked: new Map(), resent: 0, killedInFlight: 0 };
  let restarted: Promise<void> = Promise.resolve();
  let nextUpdateId = randomInt(1e6, 1e9);
  /** Deliveries awaiting an answer, per instance. */
  const pending = ports.map(() => 0);
  const killWhenBusy = () => {
    const inFlight = pending[0] ?? 0;
    if (result.killedInFlight > 0 || result.acked.size < (chats.length * turns) / 3 || inFlight === 0) return;
    // Killed while it has turns in flight: those must come back through Telegram's retries.
    result.killedInFlight = inFlight;
    logger.info('telegram-webhook-kill-9: SIGKILL of instance 0', { inFlight });
    instances[0]?.kill();
    restarted = instances[0]?.ready() ?? restarted;
  };
  const deliver = async (u: number, chat: number, m: number, text: string) => {
    const update = shopperUpdate(nextUpdateId++, chat, m, text);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) {
        result.resent++;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
      const target = (u + m + attempt) % ports.length;
      pending[target] = (pending[target] ?? 0) + 1;
      const status = await post(ports[target] ?? 0, secret, update);
      pending[target] = (pending[target] ?? 1) - 1;
      if (status === 200) {
        result.acked.set(`${chat}:${m + 1}`, { u, text });
        killWhenBusy();
        return;
      }
    }
  };
  await Promise.all(
    chats.map(async (chat, u) => {
      for (let m = 0; m < turns; m++) await deliver(u, chat, m, faultTurnText(u, m));
    }),
  );
  await restarted;
  return result;
}

/** What the audit found wrong. */
interface Audit {
  lost: number;
  duplicated: number;
  repliesRepeated: number;
  profileLost: number;
}

/** The audit: the log (PostgreSQL), the replies (the emulator), the profiles (Redis). */
async function audit(
  config: Parameters<typeof openTurnLog>[0],
  logger: Logger,
  replies: (chat: number) => number,
  chats: number[],
  acked: Deliveries['acked'],
): Promise<Audit> {
  const log = await openTurnLog(config, logger, { scheduleRetention: false });
  const store = await openStateStore(config, logger);
  // The log keeps message ids as keyed hashes.
  const hasher = createHasher(loadLogKeys(config, logger).pseudonym);
  const found: Audit = { lost: 0, duplicated: 0, repliesRepeated: 0, profileLost: 0 };
  try {
    for (const [u, chat] of chats.entries()) {
      const counts = new Map<string, number>();
      for (const turn of await log.exportUser(`telegram:${chat}`)) {
        counts.set(turn.messageId ?? '', (counts.get(turn.messageId ?? '') ?? 0) + 1);
      }
      const mine = [...acked].filter(([, v]) => v.u === u);
      const replied = replies(chat);
      found.lost +=
        mine.filter(([id]) => !counts.has(hasher.message('telegram', id))).length + Math.max(0, mine.length - replied);
      found.duplicated += [...counts.values()].reduce((n, c) => n + c - 1, 0);
      found.repliesRepeated += Math.max(0, replied - mine.length);
      const { profile } = await store.load(`telegram:${chat}`);
      for (const [, { text }] of mine) {
        const color = /^I hate (\w+)$/.exec(text)?.[1];
        if (color && !profile.dislikedColors.includes(color)) found.profileLost++;
      }
    }
  } finally {
    await store.close();
    await log.close();
  }
  return found;
}

/**
 * @example
 * const report = await telegramWebhookKillScenario(logger, 8, 10);
 */
export async function telegramWebhookKillScenario(logger: Logger, users: number, turns: number): Promise<FaultReport> {
  const started = Date.now();
  const infra = await openInfra({ redis: 'direct', pg: 'direct' });
  const emulator = await (await loadTelegramEmulator()).startTelegramEmulator();
  const chats = Array.from({ length: users }, () => randomInt(1e9, 2 ** 31));
  try {
    const ports = [await freePort(), await freePort()];
    const instances = ports.map((port) =>
      startServe(
        {
          ...infra.botEnv,
          FASHION_HOME: infra.home(),
          TELEGRAM_BOT_TOKEN: emulator.token,
          TELEGRAM_API_ROOT: emulator.apiRoot,
          TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
          TELEGRAM_WEBHOOK_PORT: String(port),
        },
        port,
      ),
    );
    const secret = createHash('sha256').update(`webhook:${emulator.token}`).digest('hex');
    let deliveries: Deliveries;
    try {
      await Promise.all(instances.map((instance) => instance.ready()));
      deliveries = await deliverAll({ logger, ports, instances, chats, turns, secret });
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
    const replies = (chat: number) =>
      emulator.server.storage.botMessages.filter((b) => Number(b.message.chat_id) === chat).length;
    const found = await audit(infra.auditConfig(), logger, replies, chats, deliveries.acked);
    return {
      scenario: 'telegram-webhook-kill-9',
      turns: users * turns,
      replied: deliveries.acked.size,
      resent: deliveries.resent,
      lost: found.lost,
      duplicated: found.duplicated,
      replies_repeated: found.repliesRepeated,
      killed_in_flight: deliveries.killedInFlight,
      profile_updates_lost: found.profileLost,
      refinements_checked: 0,
      refinements_failed: 0,
      crashes: instances.reduce((n, instance) => n + instance.restarts, 0) - 1,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await emulator.stop();
    for (const chat of chats) await deleteKeys(TEST_REDIS_URL, `*${chat}*`).catch(() => undefined);
    await infra.close();
  }
}
