/**
 * Wires the whole bot from the configuration: catalogue, parser, recommender, composer, trends, memory, log,
 * templates → engine. Adapters and commands get `handleTurn` from here.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { loadRecommender } from '../models/recommender/index.ts';
import {
  chartLibrariesLoaded,
  loadChartLibraries,
  loadTrends,
  type MentionRow,
  MIN_GROUP_USERS,
  trendSignal,
} from '../models/trends/index.ts';
import { loadCatalog } from './catalog/index.ts';
import { type Config, projectRoot } from './config.ts';
import { type DeferredCharts, deferredCharts } from './deferred-charts.ts';
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
import type {
  Catalog,
  Clock,
  IncomingMessage,
  Item,
  Logger,
  Random,
  Recommender,
  Reply,
  TrendService,
} from './types.ts';
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
  /** Starts loading now what the app otherwise loads after its first reply (outfit model, recommender state, charts). */
  loadDeferred(): void;
  /** Resolves once trend charts can be drawn (the review console draws them outside any turn). */
  loadCharts(): Promise<void>;
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

/** How long after a reply the deferred parts (outfit model, recommender state, chart libraries) start loading. */
const WARM_DELAY_MS = 250;

/** The trend service with its charts deferred, or nothing when there is no trend data. */
async function loadDeferredTrends(config: Config, logger: Logger): Promise<DeferredCharts | undefined> {
  try {
    const mentions = await loadMentions(config, logger);
    const loaded = await loadTrends(config, logger, { mentions, deferCharts: true });
    return loaded && deferredCharts(memoizedTrends(loaded), { load: loadChartLibraries, loaded: chartLibrariesLoaded });
  } catch (error) {
    logger.warn('trend predictor unavailable; trend questions get an honest "no data" answer', {
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** The recommender and composer the engine uses, with their answer caches. */
function rankingParts(
  config: Config,
  logger: Logger,
  { catalog, base, trends, cache }: { catalog: Catalog; base: Recommender; trends?: TrendService; cache: boolean },
) {
  const trendBoost =
    trends && config.FASHION_TREND_BOOST > 0
      ? memoizedItemSignal((item: Item) => trendSignal(trends, item, { weight: config.FASHION_TREND_BOOST }))
      : undefined;
  const ranking = trendBoost ? withTrendBoost(base, trendBoost) : base;
  // Cached answers are keyed by the serving model's version, so a hot-reloaded recommender starts afresh.
  const version = () => base.name;
  const answerCaches: LruCache<unknown>[] = [];
  const kept = <T extends { cache: LruCache<unknown> }>(cached: T): T => {
    answerCaches.push(cached.cache);
    return cached;
  };
  const recommender = cache ? kept(cachedRecommender(ranking, { version })) : ranking;
  // The composer applies the trend signal itself, per piece, on the plain ranking. Its per-role rankings are cached
  // too (fewer entries: they are longer), so that "in blue" or "boho" after an outfit request ranks nothing again.
  const composerRanking = cache ? kept(cachedRecommender(base, { version, capacity: 500, freeze: false })) : base;
  // Loaded on the first outfit request, or shortly after the first reply (see `createApp`).
  const loadedComposer = deferredComposer(() =>
    createComposer(catalog, composerRanking, {
      trendBoost,
      compatibility: loadCompatibilityOrRules(config.home, logger),
    }),
  );
  const composer = cache
    ? kept(cachedComposer(loadedComposer, { version: () => `${loadedComposer.name}|${version()}` }))
    : loadedComposer;
  return { recommender, composer, loadedComposer, answerCaches };
}

/** Profiles, sessions, the conversation log, experiments and the keys that protect them. */
async function openStorage(config: Config, logger: Logger, clock: Clock, options: AppOptions) {
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
  if (experiments.enabled) logger.info('experiments on', { file: config.FASHION_EXPERIMENTS });
  return { storage, store, keys, log, experiments, hasher: createHasher(keys.pseudonym) };
}

/**
 * Builds the bot from the configuration. What the first turns seldom need — the outfit model, the recommender's
 * serving state, the chart libraries — loads on first use or shortly after the first reply (`loadDeferred`: now).
 * @example
 * const app = await createApp(loadConfig(), logger);
 * const reply = await app.handleTurn({ platform: 'cli', userId: 'cli:me', conversationId: 'cli:me', text: 'hi' });
 * await app.close();
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const templates = Templates.load(path.join(projectRoot, 'prompts'));
  const catalog = await loadCatalog(config, logger);
  const [parser, base, charts] = await Promise.all([
    loadParser(config, logger),
    loadRecommender(catalog, config, logger, { deferServingState: true }),
    loadDeferredTrends(config, logger),
  ]);
  const trends = charts?.trends;
  const ranked = rankingParts(config, logger, { catalog, base, trends, cache: options.cacheRankings !== false });
  const { storage, store, keys, log, experiments, hasher } = await openStorage(config, logger, clock, options);
  const deps: EngineDeps = {
    parser,
    catalog,
    recommender: ranked.recommender,
    composer: ranked.composer,
    trends,
    store,
    log,
    templates,
    clock,
    random: options.random ?? seededRandom(randomInt(2 ** 31)),
    logger,
    experiments,
    pseudonymize: (userId: string) => hasher.user(userId),
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
  const loadDeferred = () => {
    base.warm();
    ranked.loadedComposer.warm();
    void charts?.warm();
  };
  // The deferred parts load shortly after a reply, unless the app is closed first (a one-shot `echo hi | chat`).
  let warming: NodeJS.Timeout | undefined;
  return {
    async handleTurn(message) {
      const reply = await engine.handleTurn(message);
      warming ??= setTimeout(loadDeferred, WARM_DELAY_MS).unref();
      return charts ? charts.finish(reply) : reply;
    },
    deps,
    storedMessageId: (platform, messageId) => hasher.message(platform, messageId),
    loadDeferred() {
      clearTimeout(warming);
      loadDeferred();
    },
    loadCharts: async () => charts?.warm(),
    forgetAnswers() {
      for (const answers of ranked.answerCaches) answers.clear();
    },
    async close() {
      clearTimeout(warming);
      eraser.close();
      await Promise.all([store.close(), log?.close(), experiments.close()]);
    },
  };
}
