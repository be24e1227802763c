/**
 * `fashion-advisor serve [--telegram] [--discord] [--review] [--port N]`: runs the chat adapters (default: those whose
 * tokens are set) and optionally the stylist console, all on one app, until SIGTERM/SIGINT; then stops receiving,
 * answers what was already admitted, closes the stores and exits 0. The terminal chat is a separate command.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ChatAdapter } from '../../adapters/turns.ts';
import { type App, createApp } from '../app.ts';
import { type Config, ConfigError } from '../config.ts';
import { createHasher } from '../log/crypto.ts';
import { openTurnLog } from '../log/index.ts';
import { loadLogKeys } from '../log/keys.ts';
import { openSharedLimits, type SharedLimits } from '../middleware/shared-limits.ts';
import type { Logger } from '../types.ts';
import { untilSignal } from '../util/async.ts';
import { type Command, type CommandContext, intFlag, type ParsedArgs, UsageError } from './command.ts';

/** Which services to run. */
export interface ServePlan {
  telegram: boolean;
  discord: boolean;
  review: boolean;
}

/**
 * Decides what to run from the flags and the environment. With no flag, every adapter whose token is set runs.
 * A requested adapter without its token is a configuration error naming the variable.
 * @example
 * planServe({ positionals: [], flags: { telegram: true } }, config) // { telegram: true, discord: false, review: false }
 */
export function planServe(args: ParsedArgs, config: Config): ServePlan {
  if (args.positionals.length > 0) throw new UsageError(`serve takes no arguments, got "${args.positionals[0]}"`);
  const chosen = args.flags.telegram === true || args.flags.discord === true;
  const plan: ServePlan = {
    telegram: chosen ? args.flags.telegram === true : Boolean(config.TELEGRAM_BOT_TOKEN),
    discord: chosen ? args.flags.discord === true : Boolean(config.DISCORD_BOT_TOKEN && config.DISCORD_APPLICATION_ID),
    review: args.flags.review === true,
  };
  const missing: { variable: string; message: string }[] = [];
  if (plan.telegram && !config.TELEGRAM_BOT_TOKEN) {
    missing.push({
      variable: 'TELEGRAM_BOT_TOKEN',
      message: 'the Telegram adapter needs a bot token (from @BotFather)',
    });
  }
  if (plan.discord && !config.DISCORD_BOT_TOKEN) {
    missing.push({
      variable: 'DISCORD_BOT_TOKEN',
      message: 'the Discord adapter needs a bot token (Developer Portal → Bot)',
    });
  }
  if (plan.discord && !config.DISCORD_APPLICATION_ID) {
    missing.push({
      variable: 'DISCORD_APPLICATION_ID',
      message: 'the Discord adapter needs the application id to register slash commands',
    });
  }
  if (config.TELEGRAM_WEBHOOK_URL && plan.telegram && !config.TELEGRAM_WEBHOOK_PORT) {
    missing.push({ variable: 'TELEGRAM_WEBHOOK_PORT', message: 'webhook mode needs the local port to listen on' });
  }
  if (missing.length > 0) throw new ConfigError(missing);
  if (!plan.telegram && !plan.discord && !plan.review) {
    throw new UsageError(
      'nothing to serve: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN + DISCORD_APPLICATION_ID, or pass --review',
    );
  }
  return plan;
}

/** Running services; `stop()` is safe to call once. */
export interface RunningServices {
  stop(): Promise<void>;
  /** Loads what the app defers past start-up (call once ready: shoppers then find it loaded). */
  loadDeferred(): void;
  /** The review console's address, when it runs. */
  reviewUrl?: string;
}

/** Flood windows and update de-duplication shared through Redis, when configured for a chat adapter. */
async function sharedLimits(plan: ServePlan, config: Config, logger: Logger) {
  // With REDIS_URL every instance shares one flood window per user and one record of the updates already seen.
  if (!config.REDIS_URL || !(plan.telegram || plan.discord)) return undefined;
  const shared = await openSharedLimits(config.REDIS_URL, logger, createHasher(loadLogKeys(config, logger).pseudonym));
  if (!config.PSEUDONYM_KEY) {
    logger.warn('PSEUDONYM_KEY is not set: this instance keys Redis and the log with the key in its own data home', {
      hint: 'give every instance the same PSEUDONYM_KEY, or they will not recognise updates another one handled',
    });
  }
  return shared;
}

/** What every chat adapter is started with. */
interface AdapterParts {
  config: Config;
  logger: Logger;
  handleTurn: App['handleTurn'];
  limits: Pick<SharedLimits, 'flood' | 'dedup'> | Record<string, never>;
}

// Each platform's SDK (and the console's web server) is imported only when it runs: a bot serving Telegram alone
// does not evaluate discord.js or fastify before it is ready.

/** The Telegram adapter, by long polling or, with `TELEGRAM_WEBHOOK_URL`, by webhook. */
async function telegramAdapter({ config, logger, handleTurn, limits }: AdapterParts): Promise<ChatAdapter> {
  const { createTelegramAdapter } = await import('../../adapters/telegram.ts');
  const token = config.TELEGRAM_BOT_TOKEN ?? '';
  const webhook = config.TELEGRAM_WEBHOOK_URL
    ? {
        url: config.TELEGRAM_WEBHOOK_URL,
        port: config.TELEGRAM_WEBHOOK_PORT ?? 0,
        // The same on every instance behind the load balancer, and not guessable without the token.
        secretToken: createHash('sha256').update(`webhook:${token}`).digest('hex'),
      }
    : undefined;
  return createTelegramAdapter({ token, apiRoot: config.TELEGRAM_API_ROOT, handleTurn, logger, webhook, ...limits });
}

/** The Discord adapter. */
async function discordAdapter({ config, logger, handleTurn, limits }: AdapterParts): Promise<ChatAdapter> {
  const { createDiscordAdapter } = await import('../../adapters/discord.ts');
  return createDiscordAdapter({
    token: config.DISCORD_BOT_TOKEN ?? '',
    applicationId: config.DISCORD_APPLICATION_ID ?? '',
    apiBase: config.DISCORD_API_BASE,
    shards: config.DISCORD_SHARDS,
    handleTurn,
    logger,
    ...limits,
  });
}

/**
 * Starts what the plan asks for on one app. If any part fails to start, what already started is stopped again.
 * `planServe` has checked that every requested adapter has its token.
 * @example
 * const services = await startServices(planServe(args, config), config, logger, { reviewPort: 8787 });
 * await services.stop();
 */
export async function startServices(
  plan: ServePlan,
  config: Config,
  logger: Logger,
  { reviewPort = config.REVIEW_PORT }: { reviewPort?: number } = {},
): Promise<RunningServices> {
  const app = await createApp(config, logger);
  const adapters: ChatAdapter[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    // Adapters first (they drain admitted turns through the app), then the console, then the stores.
    await Promise.all(
      adapters.map((adapter) =>
        adapter.stop().catch((e: Error) => logger.error('adapter stop failed', { error: e.message })),
      ),
    );
    for (const close of closers.reverse())
      await close().catch((e: Error) => logger.error('close failed', { error: e.message }));
    await app.close();
  };
  try {
    const shared = await sharedLimits(plan, config, logger);
    if (shared) closers.push(shared.close);
    const parts: AdapterParts = {
      config,
      logger,
      handleTurn: app.handleTurn,
      limits: shared ? { flood: shared.flood, dedup: shared.dedup } : {},
    };
    const chosen = [plan.telegram && telegramAdapter, plan.discord && discordAdapter];
    for (const create of chosen) {
      if (!create) continue;
      const adapter = await create(parts);
      await adapter.start();
      adapters.push(adapter);
    }
    let reviewUrl: string | undefined;
    if (plan.review) {
      // The console draws trend charts outside any turn: their libraries must be in before it serves a page.
      await app.loadCharts();
      const log = await openTurnLog(config, logger);
      closers.push(() => log.close());
      const { startReviewServer } = await import('../review/server.ts');
      const server = await startReviewServer({ log, config, logger, port: reviewPort, trends: app.deps.trends });
      closers.push(() => server.close());
      reviewUrl = server.url;
    }
    return { stop, reviewUrl, loadDeferred: () => app.loadDeferred() };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * @example
 * // TELEGRAM_BOT_TOKEN=… fashion-advisor serve --telegram --review
 */
export const serve: Command = async (args, { config, logger, stderr }: CommandContext) => {
  const plan = planServe(args, config);
  const services = await startServices(plan, config, logger, { reviewPort: intFlag(args, 'port', config.REVIEW_PORT) });
  const running = Object.entries(plan)
    .filter(([, on]) => on)
    .map(([name]) => name);
  // Milliseconds since the process started (performance's time origin): what a restart costs the shoppers.
  const readyMs = Math.round(performance.now());
  logger.info('ready', { services: running, ms: readyMs });
  stderr.write(
    `serving: ${running.join(', ')}${services.reviewUrl ? ` (review console: ${services.reviewUrl})` : ''}, ready in ${readyMs} ms\n`,
  );
  // Ready first, then the rest in the background, before most shoppers' first outfit request.
  setImmediate(() => services.loadDeferred());
  const signal = await untilSignal();
  logger.info('stopping', { signal });
  await services.stop();
  return 0;
};
