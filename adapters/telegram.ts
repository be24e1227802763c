/**
 * Telegram adapter (telegraf 4): long polling by default (`telegram/polling.ts`), webhook mode for several instances
 * behind a load balancer (`telegram/webhook.ts`). Text, commands and button presses become one `IncomingMessage` each
 * (`telegram/updates.ts`); a `Reply` becomes HTML messages, an inline keyboard per suggested item, a chart photo and a
 * JSON document when present (`telegram/delivery.ts`). The connection to the Bot API is `telegram/client.ts`.
 *
 * Nothing is acknowledged to Telegram before its turn completed, so an update whose instance dies is delivered again.
 */
import type { Server } from 'node:http';
import type { UserFromGetMe } from 'telegraf/types';
import type { UpdateDeduplicator } from '../src/middleware/dedup.ts';
import type { FloodGuard } from '../src/middleware/flood-guard.ts';
import type { Clock, Logger } from '../src/types.ts';
import { createActionCodec } from './actions.ts';
import { TELEGRAM_COMMANDS } from './commands.ts';
import { createTelegramClient } from './telegram/client.ts';
import { createTelegramDeliveries } from './telegram/delivery.ts';
import { pollUpdates } from './telegram/polling.ts';
import { routeUpdates } from './telegram/updates.ts';
import { startWebhook, type TelegramWebhookOptions, type UpdateOutcomes } from './telegram/webhook.ts';
import { type ChatAdapter, createTurnPipeline, type HandleTurn } from './turns.ts';

export type { TelegramWebhookOptions } from './telegram/webhook.ts';

const CALLBACK_DATA_BYTES = 64;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** What the Telegram adapter needs: the bot token, the engine, and optional shared middleware. */
export interface TelegramAdapterOptions {
  token: string;
  /** A self-hosted Bot API server (`TELEGRAM_API_ROOT`); default api.telegram.org. */
  apiRoot?: string;
  handleTurn: HandleTurn;
  logger: Logger;
  webhook?: TelegramWebhookOptions;
  flood?: FloodGuard;
  dedup?: UpdateDeduplicator;
  clock?: Clock;
  /** How often one API call is retried after `429 retry_after` (default 5). */
  maxAttempts?: number;
  /** Most connections open to the Bot API at once, kept alive between calls (default 32); further calls queue. */
  maxConnections?: number;
}

/**
 * Creates the Telegram adapter. Nothing connects until `start()`.
 * @example
 * const telegram = createTelegramAdapter({ token, apiRoot: config.TELEGRAM_API_ROOT, handleTurn: app.handleTurn, logger });
 * await telegram.start(); // … on SIGTERM:
 * await telegram.stop();
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): ChatAdapter {
  const { token, apiRoot, logger, webhook, maxAttempts = 5, maxConnections = 32 } = options;
  const client = createTelegramClient({ token, apiRoot, logger, maxAttempts, maxConnections });
  const turns = createTurnPipeline(options);
  const codec = createActionCodec(CALLBACK_DATA_BYTES);
  const outcomes: UpdateOutcomes = new WeakMap();
  const stopping = new AbortController();
  let me: UserFromGetMe | undefined;
  let polling: Promise<void> | undefined;
  let webhookServer: Server | undefined;
  const deliveries = createTelegramDeliveries(client, codec);
  const giveUpWhenBusy = () => webhook !== undefined || stopping.signal.aborted;
  routeUpdates({ client, turns, codec, deliveries, outcomes, logger, me: () => me, giveUpWhenBusy });

  return {
    async start() {
      const { bot, call } = client;
      me = await call('getMe', () => bot.telegram.getMe());
      bot.botInfo = me;
      await call('setMyCommands', () =>
        bot.telegram.setMyCommands(TELEGRAM_COMMANDS.map(({ name, description }) => ({ command: name, description }))),
      ).catch((error: Error) => logger.warn('could not register the command menu', { error: error.message }));
      if (webhook) {
        webhookServer = await startWebhook(client, outcomes, logger, webhook, ALLOWED_UPDATES);
        const path = new URL(webhook.url).pathname;
        logger.info('telegram: webhook mode', { username: me.username, path, port: webhook.port });
        return;
      }
      await call('deleteWebhook', () => bot.telegram.deleteWebhook());
      polling = pollUpdates(client, logger, ALLOWED_UPDATES, stopping.signal).catch((error: Error) => {
        logger.error('telegram polling stopped', { error: error.message });
      });
      logger.info('telegram: long polling', { username: me.username });
    },
    async stop() {
      stopping.abort();
      if (polling) await polling;
      if (webhookServer) {
        const server = webhookServer;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await turns.drain();
      client.close();
    },
  };
}
