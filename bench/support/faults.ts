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
  seconds: number;
}

const COLOURS = ['red', 'green', 'yellow', 'orange', 'purple', 'pink', 'brown', 'grey', 'beige', 'white'];
const ASKS = ['show me shirts', 'show me dresses', 'cheaper', 'show me sneakers'];

/** The m-th line of user u: even turns dislike a new colour, odd turns ask for something. */
export function faultTurnText(u: number, m: number): string {
  return m % 2 === 0 ? `I hate ${COLOURS[(u + m / 2) % COLOURS.length]}` : ASKS[(u + m) % ASKS.length]!;
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
        const reply = await app.handleTurn({
          platform: 'bench',
          userId: userIdOf(u),
          conversationId: userIdOf(u),
          messageId: messageIdOf(u, m),
          text: faultTurnText(u, m),
        });
        if (reply.text) replied.set(messageIdOf(u, m), { u, m });
        advance();
      }
    }),
  );
  if (stage < 1) await (phase = phase.then(fault));
  if (stage < 2) await (phase = phase.then(recover));
  await phase;
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
    } finally {
      await app.close();
    }
    // Audit against Redis only: a fresh home has an empty local cache, so every profile read comes from Redis.
    const redisOnly = scratchConfig({ REDIS_URL: redis.url });
    try {
      const result = await audit(config, redisOnly.config, logger, replied, users);
      const seconds = (Date.now() - started) / 1000;
      return { scenario: 'redis-restart', turns: users * turns, replied: replied.size, ...result, seconds };
    } finally {
      redisOnly.cleanup();
    }
  } finally {
    await redis.stop();
    cleanup();
  }
}

/** Every scenario by name, for `bench faults --scenario`. */
export const SCENARIOS: Record<string, (logger: Logger, users: number, turns: number) => Promise<FaultReport>> = {
  'redis-restart': redisRestartScenario,
};
