/**
 * Telegram adapter (telegraf 4): long polling by default, webhook mode for several instances behind a load balancer.
 * Text, commands and button presses become one `IncomingMessage` each; a `Reply` becomes HTML messages split under
 * Telegram's 4,096 characters, an inline keyboard per suggested item, a chart photo and a JSON document when present.
 */
import { createServer, Agent as HttpAgent, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { Input, Telegraf, TelegramError } from 'telegraf';
import type { Message, UserFromGetMe } from 'telegraf/types';
import type { UpdateDeduplicator } from '../src/middleware/dedup.ts';
import type { FloodGuard } from '../src/middleware/flood-guard.ts';
import type { Clock, IncomingMessage, Logger, Reply } from '../src/types.ts';
import { actionText, createActionCodec, ITEM_BUTTONS } from './actions.ts';
import { svgToPng } from './chart.ts';
import { commandText, TELEGRAM_COMMANDS } from './commands.ts';
import { buttonItems, replyText } from './render.ts';
import { escapeHtml, splitText } from './text.ts';
import { type ChatAdapter, createTurnPipeline, type Delivery, type HandleTurn } from './turns.ts';

/** Telegram's limit on one message's text, in characters after entity parsing; we count the HTML we send. */
export const TELEGRAM_TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const CALLBACK_DATA_BYTES = 64;

/** Where Telegram should deliver updates in webhook mode, and where this process listens for them. */
export interface TelegramWebhookOptions {
  /** Public URL Telegram posts to (the load balancer's), e.g. `https://bot.example.com/telegram/hook`. */
  url: string;
  /** Local port to listen on. */
  port: number;
  host?: string;
  /** Checked against `X-Telegram-Bot-Api-Secret-Token` on every delivery. */
  secretToken?: string;
}

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
  const bot = new Telegraf(token, {
    telegram: { ...(apiRoot ? { apiRoot } : {}), webhookReply: false },
    handlerTimeout: 10_000,
  });
  // A bounded pool of kept-alive connections. Without it every concurrent call opens its own connection (telegraf
  // drops its agent for http:// roots, and the global agent keeps at most 256 idle): a thousand chats answered at
  // once overflow the server's accept queue, and the dropped SYNs are retried after 1, 3, 7, 15 s — seconds of
  // latency on a loopback. Set after construction because telegraf's constructor discards an agent for http://.
  // The server must answer with a Content-Length, as Telegram does: telegraf's node-fetch 2 reports a chunked answer
  // on a connection handed straight to the next queued call as "Premature close".
  const AgentClass = (apiRoot ?? 'https:').startsWith('http:') ? HttpAgent : HttpsAgent;
  const agent = new AgentClass({ keepAlive: true, maxSockets: maxConnections, maxFreeSockets: maxConnections });
  bot.telegram.options.agent = agent;
  const turns = createTurnPipeline(options);
  const codec = createActionCodec(CALLBACK_DATA_BYTES);
  let me: UserFromGetMe | undefined;
  let polling: Promise<void> | undefined;
  let webhookServer: Server | undefined;
  const stopping = new AbortController();

  /** Calls the Bot API, waiting out `429 Too Many Requests` as the server asks. */
  const call = async <T>(method: string, request: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const retryAfter =
          error instanceof TelegramError && error.code === 429 ? (error.parameters?.retry_after ?? 1) : undefined;
        if (retryAfter === undefined || attempt >= maxAttempts) throw error;
        logger.warn('telegram asked us to slow down', { method, retryAfter, attempt });
        await sleep(retryAfter * 1000);
      }
    }
  };

  const sendText = async (chatId: number, html: string, extra: Parameters<typeof bot.telegram.sendMessage>[2] = {}) =>
    call('sendMessage', () =>
      bot.telegram.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...extra,
      }),
    );

  const keyboardFor = (reply: Reply) => {
    const rows = buttonItems(reply).map(({ n, item }) =>
      ITEM_BUTTONS.map(({ code, label }) => ({
        text: `${label} #${n}`,
        callback_data: codec.encode(code, item.id),
      })),
    );
    return rows.length > 0 ? { inline_keyboard: rows } : undefined;
  };

  const deliveryFor = (chatId: number, replyTo: number | undefined): Delivery => {
    const replyParameters =
      replyTo === undefined ? {} : { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } };
    return {
      async reply(reply) {
        const chunks = splitText(replyText(reply), TELEGRAM_TEXT_LIMIT, (chunk) => escapeHtml(chunk).length);
        const keyboard = keyboardFor(reply);
        for (const [index, chunk] of chunks.entries()) {
          const last = index === chunks.length - 1;
          await sendText(chatId, escapeHtml(chunk), {
            ...(index === 0 ? replyParameters : {}),
            ...(last && keyboard ? { reply_markup: keyboard } : {}),
          });
        }
        if (reply.chart) {
          const png = svgToPng(reply.chart.svg);
          const caption = escapeHtml(reply.chart.title.slice(0, CAPTION_LIMIT - 100));
          await call('sendPhoto', () =>
            bot.telegram.sendPhoto(chatId, Input.fromBuffer(png, 'trend.png'), { caption, parse_mode: 'HTML' }),
          );
        }
        if (reply.attachment) {
          const { filename, content } = reply.attachment;
          await call('sendDocument', () =>
            bot.telegram.sendDocument(chatId, Input.fromBuffer(Buffer.from(content, 'utf8'), filename)),
          );
        }
      },
      async notice(text) {
        await sendText(chatId, escapeHtml(text), replyParameters);
      },
    };
  };

  /** Admits a turn without waiting for its answer, so polling goes on while the chat's queue works. */
  const submit = (message: IncomingMessage, delivery: Delivery) => {
    turns.submit(message, delivery);
  };

  bot.on('message', (ctx) => {
    if (!me) return;
    const incoming = ctx.message;
    if (!('text' in incoming) || !incoming.from || incoming.from.is_bot) return;
    const text = addressedText(incoming, me);
    if (text === undefined) return;
    const isGroup = incoming.chat.type !== 'private';
    submit(
      {
        platform: 'telegram',
        userId: `telegram:${incoming.from.id}`,
        conversationId: `telegram:${incoming.chat.id}`,
        text,
        messageId: `${incoming.chat.id}:${incoming.message_id}`,
      },
      deliveryFor(incoming.chat.id, isGroup ? incoming.message_id : undefined),
    );
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const action = 'data' in query ? codec.decode(query.data) : undefined;
    const chat = query.message?.chat;
    if (action && chat) {
      submit(
        {
          platform: 'telegram',
          userId: `telegram:${query.from.id}`,
          conversationId: `telegram:${chat.id}`,
          text: actionText(action),
          action,
          messageId: `callback:${query.id}`,
        },
        deliveryFor(chat.id, undefined),
      );
    }
    await call('answerCallbackQuery', () =>
      bot.telegram.answerCbQuery(
        query.id,
        action ? CALLBACK_ACK[action.type] : 'This button has expired — please ask me again.',
      ),
    ).catch((error: Error) => logger.warn('could not answer callback query', { error: error.message }));
  });

  bot.catch((error, ctx) => {
    logger.error('telegram update failed', { updateId: ctx.update.update_id, error: (error as Error).message });
  });

  return {
    async start() {
      me = await call('getMe', () => bot.telegram.getMe());
      bot.botInfo = me;
      await call('setMyCommands', () =>
        bot.telegram.setMyCommands(TELEGRAM_COMMANDS.map(({ name, description }) => ({ command: name, description }))),
      ).catch((error: Error) => logger.warn('could not register the command menu', { error: error.message }));
      const allowedUpdates = ['message', 'callback_query'] as const;
      if (webhook) {
        const path = new URL(webhook.url).pathname;
        const callback = bot.webhookCallback(path, { secretToken: webhook.secretToken });
        webhookServer = createServer((req, res) => {
          void callback(req, res);
        });
        await new Promise<void>((resolve, reject) => {
          webhookServer!.once('error', reject).listen(webhook.port, webhook.host ?? '0.0.0.0', () => resolve());
        });
        await call('setWebhook', () =>
          bot.telegram.setWebhook(webhook.url, {
            secret_token: webhook.secretToken,
            allowed_updates: [...allowedUpdates],
          }),
        );
        logger.info('telegram: webhook mode', { username: me.username, path, port: webhook.port });
        return;
      }
      await new Promise<void>((resolve, reject) => {
        polling = bot
          .launch({ allowedUpdates: [...allowedUpdates] }, () => resolve())
          .catch((error: Error) => {
            if (stopping.signal.aborted) return;
            logger.error('telegram polling stopped', { error: error.message });
            reject(error);
          });
      });
      logger.info('telegram: long polling', { username: me.username });
    },
    async stop() {
      stopping.abort();
      if (polling) {
        bot.stop('shutdown');
        await polling;
      }
      if (webhookServer) {
        const server = webhookServer;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await turns.drain();
      agent.destroy();
    },
  };
}

const CALLBACK_ACK: Record<NonNullable<IncomingMessage['action']>['type'], string> = {
  feedback: 'Thanks — noted.',
  more_like: 'Looking for similar pieces…',
  save: 'Saved to your list.',
};

/**
 * The text of a message meant for the bot, or undefined when the bot should stay quiet. In private chats every text;
 * in groups only commands (addressed to no bot or to this one), @mentions of the bot and replies to its messages —
 * with the mention taken out. Commands become the utterance they stand for.
 * @example
 * addressedText(groupMessage('@StyleBot navy shirt'), me) // 'navy shirt'
 */
export function addressedText(message: Message.TextMessage, me: UserFromGetMe): string | undefined {
  const entities = message.entities ?? [];
  const text = message.text;
  const command = entities.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
  if (command) {
    const [name, target] = text.slice(1, command.length).split('@');
    if (target && target.toLowerCase() !== me.username.toLowerCase()) return undefined;
    return commandText(name!, text.slice(command.length)) ?? 'help';
  }
  if (message.chat.type === 'private') return text.trim() || undefined;
  const mention = `@${me.username}`.toLowerCase();
  const mentioned = entities.some(
    (entity) =>
      (entity.type === 'mention' &&
        text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === mention) ||
      (entity.type === 'text_mention' && entity.user.id === me.id),
  );
  const repliedTo = message.reply_to_message?.from?.id === me.id;
  if (!mentioned && !repliedTo) return undefined;
  const cleaned = text
    .replace(new RegExp(`@${me.username}\\b`, 'gi'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned || 'hello';
}
