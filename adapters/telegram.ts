/**
 * Telegram adapter (telegraf 4): long polling by default, webhook mode for several instances behind a load balancer.
 * Text, commands and button presses become one `IncomingMessage` each; a `Reply` becomes HTML messages split under
 * Telegram's 4,096 characters, an inline keyboard per suggested item, a chart photo and a JSON document when present.
 * In a group a private reply goes to the shopper's own chat with the bot, and the group gets a neutral note.
 *
 * Nothing is acknowledged to Telegram before its turn completed, so an update whose instance dies is delivered again:
 * - webhook: the delivery is answered 200 once the turn was answered and marked done (or found done already); a turn
 *   still running after `webhook.answerMs`, or an update another live instance holds, is answered 503 and Telegram
 *   retries it later, while the lease (see `src/middleware/dedup.ts`) keeps a retry from running it twice;
 * - polling: `getUpdates` with an offset confirms every update below it. telegraf's own loop would confirm a batch as
 *   soon as its handlers return, and waiting for every turn of a batch before the next call holds new messages
 *   behind the slowest turn; so this adapter polls by itself (`pollUpdates`): it dispatches each update once, as it
 *   arrives (one chat's in order, chats at once), and asks with the offset of the oldest update whose turn has not
 *   completed — while turns run, `POLL_GATHER_MS` after a poll that brought new updates, else after `POLL_BUSY_MS`
 *   (or once they all completed), so new messages are not held up; already dispatched updates that come back are
 *   skipped. A restarted instance thus gets every update whose turn had not completed; those it completed are done
 *   in the de-duplication store. Telegram sends at most 100 updates from the offset, so a turn that hangs holds back
 *   messages more than 100 updates after it until it ends.
 */
import {
  createServer,
  Agent as HttpAgent,
  type IncomingMessage as HttpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { Input, Telegraf, TelegramError } from 'telegraf';
import type { Message, Opts, Update, UserFromGetMe } from 'telegraf/types';
import type { UpdateDeduplicator } from '../src/middleware/dedup.ts';
import type { FloodGuard } from '../src/middleware/flood-guard.ts';
import type { Clock, IncomingMessage, Logger, Reply } from '../src/types.ts';
import { LruCache } from '../src/util/lru-cache.ts';
import { actionText, createActionCodec } from './actions.ts';
import { createChartRenderer } from './chart.ts';
import { commandText, TELEGRAM_COMMANDS } from './commands.ts';
import { openChatFirstNote, sentPrivatelyNote } from './private-notes.ts';
import { createJsonBotApi } from './telegram/json-api.ts';
import { telegramMessages } from './telegram/render.ts';
import { escapeHtml } from './text.ts';
import { type ChatAdapter, createTurnPipeline, type Delivery, type HandleTurn, type Verdict } from './turns.ts';

export { TELEGRAM_TEXT_LIMIT } from './telegram/render.ts';

const CAPTION_LIMIT = 1024;
const CALLBACK_DATA_BYTES = 64;
/** How many uploaded charts' file ids are remembered (a chart is the same picture for everyone that week). */
const CHART_FILE_IDS = 64;
/**
 * While turns run, how often new updates are asked for (Telegram answers at once: it still has the running ones, which
 * come back each time — so not after every completed turn).
 */
const POLL_BUSY_MS = 25;
/**
 * After a poll that brought new updates, how long to let more arrive before asking again. Asking at once gets one or
 * two updates per call under load (1,000 messages/s: 8,500 calls for 21,500 updates); 4 ms gathers six per call, for
 * 15% less CPU per message on the bot and Bot API sides together, and adds at most 4 ms to a reply.
 */
const POLL_GATHER_MS = 4;
/** Long-polling wait when no turn runs, in seconds. */
const POLL_TIMEOUT_S = 50;
/** Default longest wait before a webhook delivery is answered (Telegram gives up on a webhook after about a minute). */
const WEBHOOK_ANSWER_MS = 25_000;
const WEBHOOK_BODY_LIMIT = 1 << 20;
/** The `/start` payload of the link a group gets when a private answer could not be sent (it greets the shopper). */
const PRIVATE_START = 'private';

/** Where Telegram should deliver updates in webhook mode, and where this process listens for them. */
export interface TelegramWebhookOptions {
  /** Public URL Telegram posts to (the load balancer's), e.g. `https://bot.example.com/telegram/hook`. */
  url: string;
  /** Local port to listen on. */
  port: number;
  host?: string;
  /** Checked against `X-Telegram-Bot-Api-Secret-Token` on every delivery. */
  secretToken?: string;
  /**
   * Longest wait for a turn before its delivery is answered 503 (the turn goes on; Telegram's retry finds it done,
   * or still claimed, or — if this instance died — free to run). Default 25 s.
   */
  answerMs?: number;
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
    // An update is handled until its turn completed: webhook deliveries are timed by the server below, and the polling
    // offset must not move past a running turn.
    handlerTimeout: Number.POSITIVE_INFINITY,
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
  const api = createJsonBotApi(apiRoot ?? 'https://api.telegram.org', token, agent);
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

  const renderChart = createChartRenderer();
  // Telegram keeps every picture sent to it: a chart sent again goes by the file id of its first upload.
  const chartFileIds = new LruCache<string>(CHART_FILE_IDS);

  const sendChart = async (chatId: number, chart: NonNullable<Reply['chart']>) => {
    const caption = escapeHtml(chart.title.slice(0, CAPTION_LIMIT - 100));
    const fileId = chartFileIds.get(chart.svg);
    if (fileId) {
      try {
        await call('sendPhoto', () =>
          api('sendPhoto', { chat_id: chatId, photo: fileId, caption, parse_mode: 'HTML' }),
        );
        return;
      } catch (error) {
        // A file id Telegram no longer knows (another bot's server, a wiped test server): upload the picture again.
        const unknownFile = error instanceof TelegramError && error.code === 400 && /file/i.test(error.description);
        if (!unknownFile) throw error;
        chartFileIds.delete(chart.svg);
      }
    }
    const png = await renderChart(chart.svg);
    const sent = await call('sendPhoto', () =>
      bot.telegram.sendPhoto(chatId, Input.fromBuffer(png, 'trend.png'), { caption, parse_mode: 'HTML' }),
    );
    const uploaded = sent.photo?.at(-1)?.file_id;
    if (uploaded) chartFileIds.set(chart.svg, uploaded);
  };

  const sendText = async (chatId: number, html: string, extra: Partial<Opts<'sendMessage'>> = {}) =>
    call('sendMessage', () =>
      api('sendMessage', {
        chat_id: chatId,
        text: html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...extra,
      }),
    );

  /** Sends a whole reply to one chat: its text (split under the limit, the keyboard on the last part), chart and file. */
  const sendReply = async (chatId: number, reply: Reply, replyParameters: Partial<Opts<'sendMessage'>>) => {
    for (const [index, { html, keyboard }] of telegramMessages(reply, codec).entries()) {
      await sendText(chatId, html, {
        ...(index === 0 ? replyParameters : {}),
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    }
    if (reply.chart) await sendChart(chatId, reply.chart);
    if (reply.attachment) {
      const { filename, content } = reply.attachment;
      await call('sendDocument', () =>
        bot.telegram.sendDocument(chatId, Input.fromBuffer(Buffer.from(content, 'utf8'), filename)),
      );
    }
  };

  /**
   * Sends a private reply to the shopper's own chat with the bot (its id is theirs). Telegram answers 403 when the
   * bot may not write first — the shopper never started it, or blocked it: then `false`, and nothing was sent.
   */
  const sendToDirectChat = async (userId: number, reply: Reply): Promise<boolean> => {
    try {
      await sendReply(userId, reply, {});
      return true;
    } catch (error) {
      if (error instanceof TelegramError && error.code === 403) return false;
      throw error;
    }
  };

  /**
   * How replies reach `chat`. In a group a private reply (see `Reply.private`) goes to the shopper's direct chat, and
   * the group gets a neutral note — or, when the bot may not write to them first, a link that opens that chat.
   */
  const deliveryFor = (chat: { id: number; type: string }, userId: number, replyTo: number | undefined): Delivery => {
    const replyParameters =
      replyTo === undefined ? {} : { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } };
    const inGroup = chat.type !== 'private';
    return {
      async reply(reply) {
        if (!reply.private || !inGroup) return sendReply(chat.id, reply, replyParameters);
        const note = (await sendToDirectChat(userId, reply))
          ? sentPrivatelyNote(reply.language)
          : openChatFirstNote(reply.language, `https://t.me/${me!.username}?start=${PRIVATE_START}`);
        await sendText(chat.id, escapeHtml(note), replyParameters);
      },
      async notice(text) {
        await sendText(chat.id, escapeHtml(text), replyParameters);
      },
    };
  };

  /** What became of each webhook update: set by its handler once the turn settled, `failed` when a handler threw. */
  const outcomes = new WeakMap<Update, Verdict | 'failed'>();

  /**
   * Runs a turn through the pipeline and resolves once it completed, so telegraf's handler (and with it the update's
   * acknowledgement) waits for it. `admitted` runs as soon as the turn is known to run here. When polling, an update
   * held by another live lease can only be one a previous process of this bot was running when it died: it is claimed
   * again until that lease lapses, never dropped.
   */
  const submit = async (message: IncomingMessage, delivery: Delivery, admitted?: () => Promise<void>) => {
    for (;;) {
      const { verdict, done } = turns.submit(message, delivery);
      void verdict.then((v) => (v === 'duplicate' || v === 'busy' ? undefined : admitted?.()));
      const outcome = await done;
      if (outcome !== 'busy' || webhook || stopping.signal.aborted) return outcome;
    }
  };

  bot.on('message', async (ctx) => {
    if (!me) return;
    const incoming = ctx.message;
    if (!('text' in incoming) || !incoming.from || incoming.from.is_bot) return;
    const text = addressedText(incoming, me);
    if (text === undefined) return;
    const isGroup = incoming.chat.type !== 'private';
    const outcome = await submit(
      {
        platform: 'telegram',
        userId: `telegram:${incoming.from.id}`,
        conversationId: `telegram:${incoming.chat.id}`,
        text,
        messageId: `${incoming.chat.id}:${incoming.message_id}`,
      },
      deliveryFor(incoming.chat, incoming.from.id, isGroup ? incoming.message_id : undefined),
    );
    outcomes.set(ctx.update, outcome);
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const action = 'data' in query ? codec.decode(query.data) : undefined;
    const chat = query.message?.chat;
    const acknowledge = () =>
      call('answerCallbackQuery', () =>
        api('answerCallbackQuery', {
          callback_query_id: query.id,
          text: action ? CALLBACK_ACK[action.type] : 'This button has expired — please ask me again.',
        }),
      ).then(
        () => undefined,
        (error: Error) => logger.warn('could not answer callback query', { error: error.message }),
      );
    if (!action || !chat) {
      await acknowledge();
      return;
    }
    // The button's spinner stops as soon as the turn is known to run here; the update is acknowledged when it completed.
    const outcome = await submit(
      {
        platform: 'telegram',
        userId: `telegram:${query.from.id}`,
        conversationId: `telegram:${chat.id}`,
        text: actionText(action),
        action,
        messageId: `callback:${query.id}`,
      },
      deliveryFor(chat, query.from.id, undefined),
      acknowledge,
    );
    outcomes.set(ctx.update, outcome);
  });

  bot.catch((error, ctx) => {
    outcomes.set(ctx.update, 'failed');
    logger.error('telegram update failed', { updateId: ctx.update.update_id, error: (error as Error).message });
  });

  /**
   * The HTTP status for one webhook delivery: 200 once its turn completed (or it was handled before, or is not for
   * us), 503 while it runs past the answer time or another live instance holds it, 500 when its handler failed.
   */
  const answerDelivery = async (update: Update, answerMs: number): Promise<number> => {
    const handled = bot.handleUpdate(update).then(() => outcomes.get(update) ?? 'ignored');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), answerMs);
    });
    const outcome = await Promise.race([handled, late]).finally(() => clearTimeout(timer));
    if (outcome === 'late' || outcome === 'busy') {
      logger.info('webhook update not finished; Telegram will deliver it again', {
        updateId: update.update_id,
        outcome,
      });
      return 503;
    }
    return outcome === 'failed' ? 500 : 200;
  };

  const readUpdate = async (req: HttpRequest): Promise<Update | undefined> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > WEBHOOK_BODY_LIMIT) return undefined;
      chunks.push(chunk as Buffer);
    }
    try {
      const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      return typeof update?.update_id === 'number' ? update : undefined;
    } catch {
      return undefined;
    }
  };

  const webhookHandler = (hook: TelegramWebhookOptions) => {
    const path = new URL(hook.url).pathname;
    const answerMs = hook.answerMs ?? WEBHOOK_ANSWER_MS;
    return async (req: HttpRequest, res: ServerResponse) => {
      const answer = (status: number) => {
        const headers: Record<string, string> = { 'content-length': '0' };
        if (status === 503) headers['retry-after'] = String(Math.ceil(answerMs / 1000));
        res.writeHead(status, headers).end();
      };
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://hook').pathname !== path) return answer(404);
      if (hook.secretToken && req.headers['x-telegram-bot-api-secret-token'] !== hook.secretToken) return answer(403);
      const update = await readUpdate(req).catch(() => undefined);
      if (!update) return answer(400);
      answer(await answerDelivery(update, answerMs));
    };
  };

  /**
   * Long polling that confirms only completed turns (see the module comment). Resolves once stopped, every dispatched
   * turn completed and the offset confirmed; rejects when Telegram refuses the token or another poller takes over.
   */
  const pollUpdates = async (allowedUpdates: readonly ('message' | 'callback_query')[]) => {
    const running = new Map<number, Promise<void>>();
    let next = 0; // the update after the newest dispatched one
    const confirmable = () => (running.size > 0 ? Math.min(...running.keys()) : next);
    // Whether the last poll brought new updates: more may be arriving, ask again soon.
    let fresh = false;
    for (let failures = 0; !stopping.signal.aborted; ) {
      if (fresh) await sleep(POLL_GATHER_MS);
      else if (running.size > 0) await Promise.race([Promise.all(running.values()), sleep(POLL_BUSY_MS)]);
      fresh = false;
      let updates: Update[];
      try {
        updates = await api(
          'getUpdates',
          {
            offset: confirmable(),
            timeout: running.size > 0 ? 0 : POLL_TIMEOUT_S,
            allowed_updates: [...allowedUpdates],
          },
          stopping.signal,
        );
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        if (error instanceof TelegramError && (error.code === 401 || error.code === 409)) throw error;
        const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
        failures++;
        logger.warn('telegram getUpdates failed; retrying', { error: (error as Error).message, failures });
        await sleep((retryAfter ?? Math.min(30, 2 ** failures / 4)) * 1000, undefined, {
          signal: stopping.signal,
        }).catch(() => undefined);
        continue;
      }
      for (const update of updates) {
        if (update.update_id < next) continue; // running or completed already
        next = update.update_id + 1;
        fresh = true;
        const handled = bot
          .handleUpdate(update)
          .catch((error: Error) => logger.error('telegram update failed', { error: error.message }))
          .finally(() => running.delete(update.update_id));
        running.set(update.update_id, handled);
      }
    }
    await Promise.all(running.values());
    if (next > 0)
      await api('getUpdates', { offset: next, limit: 1, timeout: 0 }).catch((error: Error) =>
        logger.warn('could not confirm the last updates', { error: error.message }),
      );
  };

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
        const handle = webhookHandler(webhook);
        webhookServer = createServer((req, res) => {
          void handle(req, res).catch((error: Error) => {
            logger.error('webhook delivery failed', { error: error.message });
            if (!res.headersSent) res.writeHead(500, { 'content-length': '0' }).end();
          });
        });
        await new Promise<void>((resolve, reject) => {
          webhookServer!.once('error', reject).listen(webhook.port, webhook.host ?? '0.0.0.0', () => resolve());
        });
        await call('setWebhook', () =>
          bot.telegram.setWebhook(webhook.url, {
            secret_token: webhook.secretToken,
            allowed_updates: [...allowedUpdates],
            // Each delivery is held until its turn completed: let Telegram keep as many open as it allows.
            max_connections: 100,
          }),
        );
        logger.info('telegram: webhook mode', { username: me.username, path, port: webhook.port });
        return;
      }
      await call('deleteWebhook', () => bot.telegram.deleteWebhook());
      polling = pollUpdates(allowedUpdates).catch((error: Error) => {
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
