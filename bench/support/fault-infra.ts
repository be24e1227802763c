/**
 * Shared infrastructure for one fault run, isolated from everyone else using the same servers: the real Redis
 * (`TEST_REDIS_URL`, default 127.0.0.1:6379) with user ids unique to the run (so every key — profiles, sessions,
 * locks — is the run's own and is deleted afterwards), a fresh PostgreSQL schema (`TEST_DATABASE_URL`, default
 * postgres://postgres@127.0.0.1:5432/test) dropped afterwards, log keys shared by every instance of the run, and
 * optionally a cuttable TCP proxy in front of either server or a private `redis-server` that really restarts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once something accepts TCP connections on the port, or rejects after `ms`. */
export async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A server the scenario can take away and give back. */
export interface Cuttable {
  cut(): Promise<void>;
  restore(): Promise<void>;
}

/** A TCP proxy that can be cut (every connection dropped, new ones refused) and restored on the same port. */
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

/** A private `redis-server` on its own port, without persistence: killed (SIGKILL), it comes back empty. */
export async function privateRedis(port: number) {
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitForPort(port, 5000);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

/** How the bot reaches each server in a run. */
export interface InfraPlan {
  /** `proxy`: through a cuttable proxy to the real Redis; `private`: a private redis-server that restarts empty. */
  redis: 'direct' | 'proxy' | 'private';
  pg: 'direct' | 'proxy';
}

export interface Infra {
  runId: string;
  /** The environment every bot instance of the run gets (plus its own `FASHION_HOME`). */
  botEnv: Record<string, string>;
  /** Configuration reaching both servers directly, with a fresh empty home (no local cache): for audits. */
  auditConfig(): Config;
  /** Takes Redis / PostgreSQL away and gives it back (no-ops when the plan reaches it directly). */
  redis: Cuttable;
  pg: Cuttable;
  /** A fresh data home for one instance. */
  home(): string;
  /** A client on the run's PostgreSQL schema. */
  sql: pg.Client;
  schema: string;
  close(): Promise<void>;
}

/** A cuttable proxy in front of a server, and the URL that reaches the server through it. */
async function throughProxy(
  url: string,
  defaultPort: number,
): Promise<Cuttable & { url: string; stop: () => Promise<void> }> {
  const target = new URL(url);
  const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || defaultPort) });
  const via = new URL(url);
  via.hostname = '127.0.0.1';
  via.port = String(proxy.port);
  return { url: via.toString(), cut: proxy.cut, restore: proxy.restore, stop: proxy.stop };
}

const noFault: Cuttable = { cut: async () => undefined, restore: async () => undefined };

/** PostgreSQL URL whose connections use `schema`. */
const withSchema = (url: string, schema: string) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

/**
 * @example
 * const infra = await openInfra({ redis: 'proxy', pg: 'direct' });
 * try { … } finally { await infra.close(); }
 */
export async function openInfra(plan: InfraPlan): Promise<Infra> {
  const runId = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const schema = `fault_${runId}`;
  const closers: (() => unknown)[] = [];
  const homes: string[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await Promise.resolve(closer()).catch(() => undefined);
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  };
  try {
    const sql = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    await sql.connect();
    closers.push(() => sql.end());
    await sql.query(`CREATE SCHEMA ${schema}`);
    closers.push(() => sql.query(`DROP SCHEMA ${schema} CASCADE`));

    let pgUrl = TEST_PG_URL;
    let pgFault = noFault;
    if (plan.pg === 'proxy') {
      const proxied = await throughProxy(TEST_PG_URL, 5432);
      closers.push(proxied.stop);
      pgUrl = proxied.url;
      pgFault = proxied;
    }

    const { redisUrl, directRedis, redisFault } = await redisFor(plan.redis, runId, closers);

    const keys = {
      LOG_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: randomBytes(24).toString('hex'),
    };
    const home = () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'fa-faults-'));
      homes.push(dir);
      return dir;
    };
    return {
      runId,
      botEnv: {
        REDIS_URL: redisUrl,
        DATABASE_URL: withSchema(pgUrl, schema),
        FASHION_CATALOGS: 'demo',
        ...keys,
      },
      auditConfig: () =>
        loadConfig({
          ...process.env,
          FASHION_HOME: home(),
          FASHION_CATALOGS: 'demo',
          REDIS_URL: directRedis,
          DATABASE_URL: withSchema(TEST_PG_URL, schema),
          ...keys,
        }),
      redis: redisFault,
      pg: pgFault,
      home,
      sql,
      schema,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The Redis of a run: a private server (stopped to cut it), the shared one through a cuttable proxy, or the shared one
 * directly. On the shared server the run's keys all contain its id and are deleted when the run closes.
 */
async function redisFor(mode: InfraPlan['redis'], runId: string, closers: (() => unknown)[]) {
  if (mode === 'private') {
    const redis = await privateRedis(await freePort());
    await redis.start();
    closers.push(redis.stop);
    return { redisUrl: redis.url, directRedis: redis.url, redisFault: { cut: redis.stop, restore: redis.start } };
  }
  closers.push(() => deleteKeys(TEST_REDIS_URL, `*${runId}*`));
  if (mode !== 'proxy') return { redisUrl: TEST_REDIS_URL, directRedis: TEST_REDIS_URL, redisFault: noFault };
  const proxied = await throughProxy(TEST_REDIS_URL, 6379);
  closers.push(proxied.stop);
  return { redisUrl: proxied.url, directRedis: TEST_REDIS_URL, redisFault: proxied };
}

/** Deletes every key matching `pattern` (SCAN, never KEYS). */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}
