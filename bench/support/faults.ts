/**
 * Fault scenarios for `bench faults` and `test/scale`: shoppers keep talking while Redis restarts, the PostgreSQL log
 * becomes unreachable, or the bot process is killed with SIGKILL; afterwards the log and the profiles are read back
 * to count turns lost, turns logged twice and "I hate <colour>" updates that did not survive.
 * Each scenario runs a few seconds of load with the demo catalogue in a temporary data home it removes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type App, createApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { openStateStore } from '../../src/store/index.ts';
import type { Logger } from '../../src/types.ts';
import { seededRandom } from '../../src/util/random.ts';

/** What every scenario reports. */
export interface FaultReport {
  scenario: string;
  turns: number;
  replied: number;
  /** Replied turns missing from the log. */
  lost: number;
  /** Log entries beyond one per message id. */
  duplicated: number;
  /** Replied "I hate <colour>" turns whose colour is not in the profile. */
  profile_updates_lost: number;
  /** Times the bot process died on its own (kill -9 by the scenario excluded) and had to be started again. */
  crashes: number;
  seconds: number;
}

const COLOURS = ['red', 'green', 'yellow', 'orange', 'purple', 'pink', 'brown', 'grey', 'beige', 'white'];
const ASKS = ['show me shirts', 'show me dresses', 'cheaper', 'show me sneakers'];

/** The m-th line of user u: even turns dislike a new colour, odd turns ask for something. */
export function faultTurnText(u: number, m: number): string {
  return m % 2 === 0 ? `I hate ${COLOURS[(u + m / 2) % COLOURS.length]}` : ASKS[(u + m) % ASKS.length]!;
}

/** How long a shopper waits for one reply before counting it as not answered. */
const TURN_DEADLINE_MS = 15_000;

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const userIdOf = (u: number) => `bench:fault:${u}`;
const messageIdOf = (u: number, m: number) => `${u}:${m}`;

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Reads back the log and profiles and counts what did not survive. */
async function audit(
  logConfig: Config,
  stateConfig: Config,
  logger: Logger,
  replied: ReadonlyMap<string, { u: number; m: number }>,
  users: number,
): Promise<Pick<FaultReport, 'lost' | 'duplicated' | 'profile_updates_lost'>> {
  const log = await openTurnLog(logConfig, logger, { scheduleRetention: false });
  const store = await openStateStore(stateConfig, logger);
  try {
    const counts = new Map<string, number>();
    let profileLost = 0;
    for (let u = 0; u < users; u++) {
      for (const turn of await log.exportUser(userIdOf(u))) {
        counts.set(turn.messageId ?? '', (counts.get(turn.messageId ?? '') ?? 0) + 1);
      }
      const { profile } = await store.load(userIdOf(u));
      for (const { u: user, m } of replied.values()) {
        if (user !== u || m % 2 !== 0) continue;
        const colour = faultTurnText(u, m).slice('I hate '.length);
        if (!profile.dislikedColors.includes(colour)) profileLost++;
      }
    }
    let duplicated = 0;
    for (const n of counts.values()) duplicated += Math.max(0, n - 1);
    const lost = [...replied.keys()].filter((id) => !counts.has(id)).length;
    return { lost, duplicated, profile_updates_lost: profileLost };
  } finally {
    await store.close();
    await log.close();
  }
}

/**
 * Runs `users` shoppers × `turns` turns through an app, calling `fault` once a third of the turns got a reply and
 * `recover` at two thirds. Returns the replied message ids.
 */
async function talk(
  app: App,
  users: number,
  turns: number,
  fault: () => Promise<void>,
  recover: () => Promise<void>,
): Promise<Map<string, { u: number; m: number }>> {
  const replied = new Map<string, { u: number; m: number }>();
  const total = users * turns;
  let phase: Promise<void> = Promise.resolve();
  let stage = 0;
  const advance = () => {
    if (stage === 0 && replied.size >= total / 3) {
      stage = 1;
      phase = phase.then(fault);
    } else if (stage === 1 && replied.size >= (2 * total) / 3) {
      stage = 2;
      phase = phase.then(recover);
    }
  };
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let m = 0; m < turns; m++) {
        const turn = app.handleTurn({
          platform: 'bench',
          userId: userIdOf(u),
          conversationId: userIdOf(u),
          messageId: messageIdOf(u, m),
          text: faultTurnText(u, m),
        });
        // A turn that hangs counts as unanswered instead of hanging the scenario.
        const reply = await withDeadline(turn, TURN_DEADLINE_MS);
        if (reply?.text) replied.set(messageIdOf(u, m), { u, m });
        advance();
      }
    }),
  );
  await phase;
  if (stage < 1) await fault();
  if (stage < 2) await recover();
  return replied;
}

function scratchConfig(env: Record<string, string>): { config: Config; cleanup: () => void } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-faults-'));
  const config = loadConfig({ ...process.env, FASHION_HOME: home, FASHION_CATALOGS: 'demo', ...env });
  return { config, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** A private `redis-server` on its own port, without persistence, that can be stopped and started again. */
export async function privateRedis(port: number) {
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 5000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

/**
 * Redis killed (SIGKILL, no persistence: it comes back empty) a third of the way through, restarted on the same port
 * at two thirds. Profiles are then read from Redis alone (a store with an empty local cache) to check the re-sync.
 */
export async function redisRestartScenario(logger: Logger, users = 10, turns = 12): Promise<FaultReport> {
  const started = Date.now();
  const redis = await privateRedis(await freePort());
  await redis.start();
  const { config, cleanup } = scratchConfig({ REDIS_URL: redis.url });
  try {
    const app = await createApp(config, logger, { random: seededRandom(3) });
    let replied: Map<string, { u: number; m: number }>;
    try {
      replied = await talk(app, users, turns, redis.stop, redis.start);
      logger.info('redis-restart scenario: load done', { replied: replied.size });
    } finally {
      await app.close();
    }
    logger.info('redis-restart scenario: bot closed, auditing');
    // Audit against Redis only: a fresh home has an empty local cache, so every profile read comes from Redis.
    const redisOnly = scratchConfig({ REDIS_URL: redis.url });
    try {
      const result = await audit(config, redisOnly.config, logger, replied, users);
      const seconds = (Date.now() - started) / 1000;
      const report = { scenario: 'redis-restart', turns: users * turns, replied: replied.size, ...result };
      return { ...report, crashes: 0, seconds };
    } finally {
      redisOnly.cleanup();
    }
  } finally {
    await redis.stop();
    cleanup();
  }
}

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
export async function cuttableProxy(target: { host: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = async () => {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  };
  await listen();
  return {
    port,
    cut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: listen,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The PostgreSQL log cut off (a proxy drops every connection and refuses new ones) a third of the way through and
 * restored at two thirds: turns are spooled meanwhile and must each end up in the real table exactly once.
 */
export async function postgresOutageScenario(logger: Logger, users = 10, turns = 12): Promise<FaultReport> {
  const started = Date.now();
  const target = new URL(PG_URL);
  const schema = `fault_test_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const withSchema = (url: string) =>
    `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const viaProxy = new URL(PG_URL);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const { config, cleanup } = scratchConfig({ DATABASE_URL: withSchema(viaProxy.toString()) });
  try {
    // In a child process: a crash of the bot during the outage is restarted and reported, not fatal to the bench.
    const bot = workerBot(config);
    let replied: Map<string, { u: number; m: number }>;
    try {
      replied = await talkToWorker(bot, users, turns, proxy.cut, proxy.restore);
    } finally {
      await bot.stop();
    }
    const direct = { ...config, DATABASE_URL: withSchema(PG_URL) };
    const result = await audit(direct, config, logger, replied, users);
    // The table itself, not only what the log store returns: no message id twice.
    const { rows } = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${schema}.turns GROUP BY conversation_id, message_id HAVING count(*) > 1) d`,
    );
    const duplicated = Math.max(result.duplicated, Number(rows[0]!.n));
    const seconds = (Date.now() - started) / 1000;
    const report = { scenario: 'postgres-outage', turns: users * turns, replied: replied.size, ...result, duplicated };
    return { ...report, crashes: bot.restarts, seconds };
  } finally {
    await proxy.stop();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    cleanup();
  }
}

const WORKER = fileURLToPath(new URL('./turn-worker.ts', import.meta.url));

/**
 * The bot in a child process (`turn-worker.ts`), restarted whenever it dies: `send` resolves true once the turn got a
 * reply, false when the process died first (the caller sends it again, with the same message id).
 */
function workerBot(config: Config) {
  let child: ChildProcess | undefined;
  let ready: Promise<void> = Promise.resolve();
  let waiting = new Map<string, (replied: boolean) => void>();
  let restarts = 0;
  let stopping = false;
  const start = () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FASHION_HOME: config.home,
      FASHION_CATALOGS: 'demo',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
    if (config.REDIS_URL) env.REDIS_URL = config.REDIS_URL;
    if (config.DATABASE_URL) env.DATABASE_URL = config.DATABASE_URL;
    const proc = spawn(process.execPath, ['--import', 'tsx', WORKER], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    child = proc;
    const mine = waiting;
    ready = new Promise((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`the bot exited before it was ready (code ${code})`)));
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        const message = JSON.parse(line) as { ready?: boolean; messageId?: string; replied?: boolean };
        if (message.ready) resolve();
        else mine.get(message.messageId!)?.(Boolean(message.replied));
      });
    });
    proc.once('exit', () => {
      // Every turn in flight is unanswered; a supervisor starts the bot again.
      for (const answer of mine.values()) answer(false);
      mine.clear();
      if (stopping) return;
      restarts++;
      waiting = new Map();
      start();
    });
  };
  start();
  return {
    get restarts() {
      return restarts;
    },
    ready: () => ready,
    async send(userId: string, messageId: string, text: string): Promise<boolean> {
      await ready;
      const answered = new Promise<boolean>((resolve) => waiting.set(messageId, resolve));
      child!.stdin!.write(`${JSON.stringify({ userId, messageId, text })}\n`);
      const replied = await answered;
      waiting.delete(messageId);
      return replied;
    },
    kill: () => child?.kill('SIGKILL'),
    async stop() {
      stopping = true;
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin!.end();
      const timer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `talk` against a bot in a child process; turns cut off by the bot's death are sent again after the restart. */
async function talkToWorker(
  bot: ReturnType<typeof workerBot>,
  users: number,
  turns: number,
  fault: () => Promise<void>,
  recover: () => Promise<void>,
): Promise<Map<string, { u: number; m: number }>> {
  const replied = new Map<string, { u: number; m: number }>();
  const total = users * turns;
  let phase: Promise<void> = Promise.resolve();
  let stage = 0;
  await bot.ready();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let m = 0; m < turns; m++) {
        for (let attempt = 0; attempt < 5; attempt++) {
          if (await bot.send(userIdOf(u), messageIdOf(u, m), faultTurnText(u, m))) {
            replied.set(messageIdOf(u, m), { u, m });
            break;
          }
        }
        if (stage === 0 && replied.size >= total / 3) {
          stage = 1;
          phase = phase.then(fault);
        } else if (stage === 1 && replied.size >= (2 * total) / 3) {
          stage = 2;
          phase = phase.then(recover);
        }
      }
    }),
  );
  await phase;
  if (stage < 1) await fault();
  if (stage < 2) await recover();
  return replied;
}

/**
 * The bot killed with SIGKILL a third of the way through (turns in flight), restarted at once by the supervisor;
 * the killed turns are sent again with their message ids.
 */
export async function killScenario(logger: Logger, users = 10, turns = 12): Promise<FaultReport> {
  const started = Date.now();
  const { config, cleanup } = scratchConfig({});
  const bot = workerBot(config);
  try {
    const replied = await talkToWorker(
      bot,
      users,
      turns,
      async () => {
        bot.kill();
      },
      async () => undefined,
    );
    await bot.stop();
    const result = await audit(config, config, logger, replied, users);
    const seconds = (Date.now() - started) / 1000;
    return {
      scenario: 'kill-9',
      turns: users * turns,
      replied: replied.size,
      ...result,
      crashes: bot.restarts - 1,
      seconds,
    };
  } finally {
    await bot.stop();
    cleanup();
  }
}

/** Every scenario by name, for `bench faults --scenario`. */
export const SCENARIOS: Record<string, (logger: Logger, users: number, turns: number) => Promise<FaultReport>> = {
  'redis-restart': redisRestartScenario,
  'postgres-outage': postgresOutageScenario,
  'kill-9': killScenario,
};
