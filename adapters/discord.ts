/**
 * Discord adapter (discord.js v14): slash commands with typed options (`discord/commands.ts`), DMs and @mentions for
 * free text, buttons for feedback (`discord/events.ts`), embeds listing items (`discord/delivery.ts`). Works without
 * the privileged MESSAGE_CONTENT intent (DMs and mentions carry content anyway) and uses it when the application has
 * it (then replies to the bot's messages count too).
 * Every send sets `allowedMentions: { parse: [] }` and breaks `@everyone`/`@here`/role mentions in the text.
 * A private reply is never posted in a server channel: it is ephemeral for interactions, a DM for @mentions.
 */
import {
  ApplicationFlags,
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  REST,
  type RESTGetCurrentApplicationResult,
  Routes,
} from 'discord.js';
import type { UpdateDeduplicator } from '../src/middleware/dedup.ts';
import type { FloodGuard } from '../src/middleware/flood-guard.ts';
import type { Clock, Logger } from '../src/types.ts';
import { createActionCodec } from './actions.ts';
import { slashCommands } from './discord/commands.ts';
import { createDiscordDeliveries, NO_PINGS } from './discord/delivery.ts';
import { discordHandlers } from './discord/events.ts';
import { type ChatAdapter, createTurnPipeline, type HandleTurn } from './turns.ts';

const CUSTOM_ID_LIMIT = 100;

/** What the Discord adapter needs: the bot's token and application, the engine, and optional shared middleware. */
export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base (`DISCORD_API_BASE`), given to discord.js as `rest.api`, e.g. `http://127.0.0.1:8080/api`. */
  apiBase?: string;
  handleTurn: HandleTurn;
  logger: Logger;
  /** Use the MESSAGE_CONTENT intent: `'auto'` (default) asks the application's flags whether it is granted. */
  messageContent?: boolean | 'auto';
  /** Defer an interaction reply when the turn takes longer than this (Discord allows 3 s); default 2000 ms. */
  deferAfterMs?: number;
  flood?: FloodGuard;
  dedup?: UpdateDeduplicator;
  clock?: Clock;
  /**
   * The gateway shards this instance connects (`DISCORD_SHARDS`): with several instances, each takes its own ids of
   * the same count, and Discord sends each guild's events to one shard (direct messages to shard 0). Default: one
   * shard for the whole bot.
   */
  shards?: DiscordShards;
}

/** Which of the bot's gateway shards an instance runs. */
export interface DiscordShards {
  ids: number[];
  count: number;
}

/**
 * Whether to ask for the MESSAGE_CONTENT intent: as configured, or (`'auto'`) whether the application's flags grant it.
 */
async function wantsContentIntent(options: DiscordAdapterOptions, rest: REST): Promise<boolean> {
  if (options.messageContent !== undefined && options.messageContent !== 'auto') return options.messageContent;
  try {
    const application = (await rest
      .setToken(options.token)
      .get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
    const flags = application.flags ?? 0;
    return (flags & (ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited)) !== 0;
  } catch (error) {
    options.logger.warn('could not read the application flags; running without MESSAGE_CONTENT', {
      error: (error as Error).message,
    });
    return false;
  }
}

/**
 * Creates the Discord adapter. Nothing connects until `start()`.
 * @example
 * const discord = createDiscordAdapter({ token, applicationId, apiBase: config.DISCORD_API_BASE, handleTurn, logger });
 * await discord.start();
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): ChatAdapter {
  const { token, applicationId, apiBase, logger, deferAfterMs = 2000 } = options;
  const turns = createTurnPipeline(options);
  const codec = createActionCodec(CUSTOM_ID_LIMIT);
  const restOptions = apiBase ? { api: apiBase } : {};
  const deliveries = createDiscordDeliveries(codec, logger, deferAfterMs);
  let client: Client | undefined;
  let contentIntent = false;
  const bot = () => (client?.user ? { id: client.user.id, contentIntent } : undefined);
  const handlers = discordHandlers({ turns, codec, deliveries, logger, bot });

  return {
    async start() {
      contentIntent = await wantsContentIntent(options, new REST(restOptions));
      const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
      if (contentIntent) intents.push(GatewayIntentBits.MessageContent);
      const connected = new Client({
        intents,
        partials: [Partials.Channel],
        rest: restOptions,
        allowedMentions: NO_PINGS,
        ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : {}),
      });
      client = connected;
      connected.on(Events.InteractionCreate, handlers.onInteraction);
      connected.on(Events.MessageCreate, handlers.onMessage);
      connected.on(Events.Error, (error) => logger.error('discord client error', { error: error.message }));
      const ready = new Promise<void>((resolve) => connected.once(Events.ClientReady, () => resolve()));
      await connected.login(token);
      await ready;
      await connected.rest.put(Routes.applicationCommands(applicationId), { body: slashCommands() });
      logger.info('discord: connected', {
        user: connected.user?.tag,
        messageContent: contentIntent,
        shards: options.shards ? `${options.shards.ids.join(',')} of ${options.shards.count}` : 'all (one)',
      });
    },
    async stop() {
      client?.removeAllListeners(Events.MessageCreate).removeAllListeners(Events.InteractionCreate);
      await turns.drain();
      await client?.destroy();
    },
  };
}
