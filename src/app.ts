/**
 * Wires the whole bot from the configuration: catalogue, parser, recommender, composer, trends, memory, log,
 * templates → engine. Adapters and commands get `handleTurn` from here.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { loadRecommender } from '../models/recommender/index.ts';
import { loadTrends, type MentionRow, MIN_GROUP_USERS, trendSignal } from '../models/trends/index.ts';
import { loadCatalog } from './catalog/index.ts';
import { type Config, projectRoot } from './config.ts';
import { deferredComposer } from './deferred-composer.ts';
import type { EngineDeps } from './engine/context.ts';
import { createEngine } from './engine/engine.ts';
import { erasureTargets } from './engine/erasure.ts';
import { createExperiments } from './experiments/index.ts';
import { loadKnowledge } from './knowledge/load.ts';
import { createHasher, createTextCipher } from './log/crypto.ts';
import { openTurnLog } from './log/index.ts';
import { loadLogKeys } from './log/keys.ts';
import { createRestyler } from './nlg/llm.ts';
import { Templates } from './nlg/templates.ts';
import { loadParser } from './nlu/index.ts';
import { createComposer, loadCompatibilityOrRules } from './outfits/index.ts';
import { createEraser } from './privacy/eraser.ts';
import { fileErasureLedger } from './privacy/erasure-ledger.ts';
import { memoizedItemSignal, memoizedTrends } from './ranking/memo.ts';
import { cachedComposer, cachedRecommender } from './ranking/request-cache.ts';
import { withTrendBoost } from './ranking/trend-boost.ts';
import { openSpoolingTurnLog } from './resilience/log-spool.ts';
import { openStateStore } from './store/index.ts';
import type { Clock, IncomingMessage, Item, Logger, Random, Reply, TrendService } from './types.ts';
import type { LruCache } from './util/lru-cache.ts';
import { seededRandom, systemClock } from './util/random.ts';

export interface AppOptions {
  clock?: Clock;
  random?: Random;
  /** Keep a conversation log (default true). */
  log?: boolean;
  /**
   * Keep profiles, sessions and the log in this directory (SQLite) instead of the configured stores —
   * benchmarks use it so that they never write into a real conversation log.
   */
  scratchStorage?: string;
  /** Answer identical ranking and outfit requests from a cache (default true; benchmarks measure both ways). */
  cacheRankings?: boolean;
}

export interface App {
  handleTurn(message: IncomingMessage): Promise<Reply>;
  /** The parts, for commands and adapters that need them (review console, benchmarks). */
  deps: EngineDeps;
  /** Empties the answer caches (benchmarks: warm the code, then measure with nothing answered yet). */
  forgetAnswers(): void;
  /** Loads now what the app otherwise loads after its first reply (the outfit composer's model). */
  loadDeferred(): void;
  /** A platform message id as the conversation log stores it (a keyed hash), so audits can find a turn. */
  storedMessageId(platform: string, messageId: string): string;
  close(): Promise<void>;
}

/** The bot's own opt-in, aggregated request counts (groups of at least 20 users), read from the log. */
async function loadMentions(config: Config, logger: Logger): Promise<MentionRow[]> {
  try {
    const log = await openTurnLog(config, logger, { scheduleRetention: false });
    try {
      return await log.weeklyMentions(MIN_GROUP_USERS);
    } finally {
      await log.close();
    }
  } catch (error) {
    logger.warn('conversation mentions unavailable for trends', { error: (error as Error).message });
    return [];
  }
}

async function loadTrendsSafely(config: Config, logger: Logger): Promise<TrendService | undefined> {
  try {
    return await loadTrends(config, logger, { mentions: await loadMentions(config, logger) });
  } catch (error) {
    logger.warn('trend predictor unavailable; trend questions get an honest "no data" answer', {
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** How long after a reply the outfit composer starts loading, when nothing has needed it yet. */
const COMPOSER_WARM_DELAY_MS = 250;

/**
 * Builds the bot from the configuration.
 * @example
 * const app = await createApp(loadConfig(), logger);
 * const reply = await app.handleTurn({ platform: 'cli', userId: 'cli:me', conversationId: 'cli:me', text: 'hi' });
 * await app.close();
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const templates = Templates.load(path.join(projectRoot, 'prompts'));
  const catalog = await loadCatalog(config, logger);
  const [parser, baseRecommender, loadedTrends] = await Promise.all([
    loadParser(config, logger),
    loadRecommender(catalog, config, logger),
    loadTrendsSafely(config, logger),
  ]);
  const trends = loadedTrends && memoizedTrends(loadedTrends);
  const trendBoost =
    trends && config.FASHION_TREND_BOOST > 0
      ? memoizedItemSignal((item: Item) => trendSignal(trends, item, { weight: config.FASHION_TREND_BOOST }))
      : undefined;
  const ranking = trendBoost ? withTrendBoost(baseRecommender, trendBoost) : baseRecommender;
  // Cached answers are keyed by the serving model's version, so a hot-reloaded recommender starts afresh.
  const cache = options.cacheRankings !== false;
  const version = () => baseRecommender.name;
  const answerCaches: LruCache<unknown>[] = [];
  const kept = <T extends { cache: LruCache<unknown> }>(cached: T): T => {
    answerCaches.push(cached.cache);
    return cached;
  };
  const recommender = cache ? kept(cachedRecommender(ranking, { version })) : ranking;
  // The composer applies the trend signal itself, per piece, on the plain ranking. Its per-role rankings are cached
  // too (fewer entries: they are longer), so that "in blue" or "boho" after an outfit request ranks nothing again.
  const composerRanking = cache
    ? kept(cachedRecommender(baseRecommender, { version, capacity: 500, freeze: false }))
    : baseRecommender;
  // Loaded on the first outfit request, or once the first reply is out (see `handleTurn` below).
  const loadedComposer = deferredComposer(() =>
    createComposer(catalog, composerRanking, {
      trendBoost,
      compatibility: loadCompatibilityOrRules(config.home, logger),
    }),
  );
  const composer = cache
    ? kept(cachedComposer(loadedComposer, { version: () => `${loadedComposer.name}|${version()}` }))
    : loadedComposer;
  const storage: Config = options.scratchStorage
    ? { ...config, home: options.scratchStorage, REDIS_URL: undefined, DATABASE_URL: undefined }
    : config;
  const store = await openStateStore(storage, logger, clock);
  const keys = loadLogKeys(storage, logger);
  const log =
    options.log === false
      ? undefined
      : await openSpoolingTurnLog({
          open: () =>
            openTurnLog(storage, logger, { clock, scheduleRetention: !options.scratchStorage, writerThread: true }),
          file: path.join(storage.home, 'log-spool.jsonl'),
          cipher: createTextCipher(keys.encryption),
          logger,
        });
  const experiments = createExperiments({ config: storage, logger, clock });
  const hasher = createHasher(keys.pseudonym);
  const pseudonymize = (userId: string) => hasher.user(userId);
  if (experiments.enabled) logger.info('experiments on', { file: config.FASHION_EXPERIMENTS });
  const deps: EngineDeps = {
    parser,
    catalog,
    recommender,
    composer,
    trends,
    store,
    log,
    templates,
    clock,
    random: options.random ?? seededRandom(randomInt(2 ** 31)),
    logger,
    experiments,
    pseudonymize,
    restyle: createRestyler(config, logger),
    knowledge: loadKnowledge(config.dataDir),
  };
  // Unfinished erasures are kept in the data home and finished after a restart.
  const eraser = createEraser({
    targets: erasureTargets(deps),
    ledger: fileErasureLedger(path.join(storage.home, 'erasures-pending.jsonl'), createTextCipher(keys.encryption)),
    logger,
  });
  deps.eraser = eraser;
  const engine = createEngine(deps);
  // The composer loads shortly after a reply, unless the app is closed first (a one-shot `echo hi | chat`).
  let warming: NodeJS.Timeout | undefined;
  return {
    async handleTurn(message) {
      const reply = await engine.handleTurn(message);
      if (!loadedComposer.loaded && !warming) {
        warming = setTimeout(() => loadedComposer.warm(), COMPOSER_WARM_DELAY_MS).unref();
      }
      return reply;
    },
    deps,
    storedMessageId: (platform, messageId) => hasher.message(platform, messageId),
    loadDeferred() {
      clearTimeout(warming);
      loadedComposer.warm();
    },
    forgetAnswers() {
      for (const answers of answerCaches) answers.clear();
    },
    async close() {
      clearTimeout(warming);
      eraser.close();
      await Promise.all([store.close(), log?.close(), experiments.close()]);
    },
  };
}
