/**
 * A whole bot for tests: real parser, catalogue, recommender, composer, SQLite memory and log in a temporary
 * data home, a fixed clock and a seeded random source. `restart()` reopens everything from disk like a new process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBaselineRecommender } from '../../models/recommender/index.ts';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { type Config, loadConfig, projectRoot } from '../../src/config.ts';
import type { EngineDeps, Restyler } from '../../src/engine/context.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { createExperiments } from '../../src/experiments/index.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createHasher } from '../../src/log/crypto.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { Templates } from '../../src/nlg/templates.ts';
import { createParser } from '../../src/nlu/index.ts';
import { createComposer } from '../../src/outfits/index.ts';
import { openStateStore } from '../../src/store/index.ts';
import type { Catalog, IncomingMessage, MessageAction, Reply, TrendService } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock, seededRandom } from '../../src/util/random.ts';

/** 2026-06-15 10:00 UTC: a summer day, so "surprise me" means summer. */
export const TEST_START = Date.UTC(2026, 5, 15, 10, 0, 0);

let sharedParts: { catalog: Catalog; parser: ReturnType<typeof createParser>; templates: Templates } | undefined;

function parts() {
  sharedParts ??= {
    catalog: createCatalog(loadDemoItems(projectRoot), ['demo']),
    parser: createParser(),
    templates: Templates.load(path.join(projectRoot, 'prompts')),
  };
  return sharedParts;
}

export interface TestBot {
  send(text: string, userId?: string): Promise<Reply>;
  press(action: MessageAction, userId?: string): Promise<Reply>;
  restart(): Promise<void>;
  close(): Promise<void>;
  deps(): EngineDeps;
  config: Config;
}

/**
 * @example
 * const bot = await createTestBot();
 * const reply = await bot.send('hi');
 */
export async function createTestBot(
  options: {
    seed?: number;
    catalog?: Catalog;
    trends?: TrendService;
    env?: Record<string, string>;
    restyle?: Restyler;
  } = {},
): Promise<TestBot> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-bot-'));
  const config = loadConfig({ FASHION_HOME: home, LOG_LEVEL: 'silent', ...options.env });
  const clock = fixedClock(TEST_START, 1000);
  let deps: EngineDeps;
  let engine: Engine;

  async function open() {
    const { catalog: demo, parser, templates } = parts();
    const catalog = options.catalog ?? demo;
    const recommender = createBaselineRecommender(catalog);
    const experiments = createExperiments({ config, logger: silentLogger, clock });
    const hasher = createHasher(loadLogKeys(config, silentLogger).pseudonym);
    const pseudonymize = (userId: string) => hasher.user(userId);
    deps = {
      experiments,
      pseudonymize,
      parser,
      catalog,
      recommender,
      composer: createComposer(catalog, recommender),
      trends: options.trends,
      store: await openStateStore(config, silentLogger, clock),
      log: await openTurnLog(config, silentLogger, { clock, scheduleRetention: false }),
      templates,
      clock,
      random: seededRandom(options.seed ?? 7),
      logger: silentLogger,
      restyle: options.restyle,
      knowledge: loadKnowledge(config.dataDir),
    };
    engine = createEngine(deps);
  }
  async function closeParts() {
    await deps.store.close();
    await deps.log?.close();
    await deps.experiments?.close();
  }
  await open();

  const message = (userId: string, text: string, action?: MessageAction): IncomingMessage => ({
    platform: 'test',
    userId,
    conversationId: userId,
    text,
    action,
  });
  return {
    config,
    send: (text, userId = 'test:shopper') => engine.handleTurn(message(userId, text)),
    press: (action, userId = 'test:shopper') => engine.handleTurn(message(userId, '', action)),
    async restart() {
      await closeParts();
      await open();
    },
    async close() {
      await closeParts();
      rmSync(home, { recursive: true, force: true });
    },
    deps: () => deps,
  };
}
