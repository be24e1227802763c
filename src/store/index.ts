/**
 * Per-user memory (DESIGN §7): profiles and sessions in Keyv — a SQLite file in the data home by default,
 * Redis when `REDIS_URL` is set.
 */
import path from 'node:path';
import type KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Config } from '../config.ts';
import { openErasureBus } from '../resilience/erasures.ts';
import type { Clock, Logger, Profile, Session, StateStore, UserState } from '../types.ts';
import { systemClock } from '../util/random.ts';
import { openRedisLocks, type RedisLocks } from './redis-lock.ts';
import { resilientStateStore } from './resilient.ts';
import { deserializeState, serializeState } from './serialize.ts';
import { KeyvBetterSqlite } from './sqlite-keyv.ts';
import { upgradeState } from './state.ts';

/** Keyv's stored format, without its slow per-value walk (see `serialize.ts`). */
const STATE_SERIALIZATION = { serialize: serializeState, deserialize: deserializeState };

/** Sessions are forgotten after 30 days without a message; profiles are kept until `/forget`. */
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * A `StateStore` over two Keyv namespaces.
 * @example
 * const store = keyvStateStore(new Keyv({ namespace: 'profile' }), new Keyv({ namespace: 'session' }));
 */
export function keyvStateStore(
  profiles: Keyv<Profile>,
  sessions: Keyv<Session>,
  clock: Clock = systemClock,
  locks?: RedisLocks,
): StateStore & { find(userId: string): Promise<UserState | undefined> } {
  return {
    async find(userId) {
      const [profile, session] = await Promise.all([profiles.get(userId), sessions.get(userId)]);
      if (!profile && !session) return undefined;
      return upgradeState(userId, clock.now(), profile ?? undefined, session ?? undefined);
    },
    // One process serialises a user's turns itself (the engine's queue); across instances Redis locks do it.
    lock: locks ? (userId) => locks.lock(userId) : async () => async () => undefined,
    async load(userId) {
      const [profile, session] = await Promise.all([profiles.get(userId), sessions.get(userId)]);
      return upgradeState(userId, clock.now(), profile ?? undefined, session ?? undefined);
    },
    async save({ profile, session }: UserState) {
      await Promise.all([profiles.set(profile.userId, profile), sessions.set(session.userId, session, SESSION_TTL_MS)]);
    },
    async erase(userId) {
      await Promise.all([profiles.delete(userId), sessions.delete(userId)]);
    },
    async close() {
      await Promise.all([profiles.disconnect(), sessions.disconnect(), locks?.close()]);
    },
  };
}

/**
 * Opens the configured store: Redis when `REDIS_URL` is set, else `<FASHION_HOME>/state.sqlite`.
 * @example
 * const store = await openStateStore(loadConfig(), logger);
 */
export async function openStateStore(config: Config, logger: Logger, clock: Clock = systemClock): Promise<StateStore> {
  const sqlite = (file: string) => {
    const open = (namespace: string) =>
      new Keyv({ store: new KeyvBetterSqlite(path.join(config.home, file)), namespace, ...STATE_SERIALIZATION });
    return keyvStateStore(open('profile') as Keyv<Profile>, open('session') as Keyv<Session>, clock);
  };
  if (!config.REDIS_URL) {
    logger.info('state store', { backend: 'sqlite', where: path.join(config.home, 'state.sqlite') });
    return sqlite('state.sqlite');
  }
  const url = config.REDIS_URL;
  // Imported here: the Redis client costs a few hundred milliseconds of start-up that a SQLite store never needs.
  const { default: KeyvRedisStore } = await import('@keyv/redis');
  const open = (namespace: string) => {
    // Errors must reach the caller: a failed read that looked like "no profile yet" would overwrite the profile.
    const keyv = new Keyv({
      store: new KeyvRedisStore(
        {
          url,
          disableOfflineQueue: true,
          socket: { connectTimeout: 2000, reconnectStrategy: (n: number) => Math.min(n * 100, 2000) },
        },
        { throwOnConnectError: false, throwOnErrors: true, connectionTimeout: 2000 },
      ),
      namespace,
      useKeyPrefix: true,
      throwOnErrors: true,
      ...STATE_SERIALIZATION,
    });
    keyv.on('error', (error: Error) => logger.debug('redis state store error', { error: error.message }));
    return keyv;
  };
  const locks = await openRedisLocks(url, logger);
  const profiles = open('profile') as Keyv<Profile>;
  const sessions = open('session') as Keyv<Session>;
  // Connect before the first turn: without the offline queue, a command on a client still connecting fails at once.
  await Promise.all([profiles, sessions].map((keyv) => (keyv.store as KeyvRedis<unknown>).getClient()));
  const redis = keyvStateStore(profiles, sessions, clock, locks);
  logger.info('state store', {
    backend: 'redis',
    where: redactUrl(url),
    localCache: path.join(config.home, 'state-cache.sqlite'),
  });
  return resilientStateStore(redis, sqlite('state-cache.sqlite'), logger, {
    dirtyFile: path.join(config.home, 'state-dirty.json'),
    erasures: await openErasureBus(url, logger),
  });
}

/** Hides the password of a connection URL for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
