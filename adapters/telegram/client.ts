/**
 * The connection to the Bot API: telegraf (update dispatch, uploads, the rare setup calls) and the JSON client (the
 * calls every turn makes, see `json-api.ts`) share one bounded pool of kept-alive connections, and every call waits
 * out `429 Too Many Requests` as Telegram asks.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegraf, TelegramError } from 'telegraf';
import type { Logger } from '../../src/types.ts';
import { createJsonBotApi, type JsonBotApi } from './json-api.ts';

/** Calls the Bot API through `request`, retrying it after `429 retry_after`; `method` names it in the log. */
export type RetryingCall = <T>(method: string, request: () => Promise<T>) => Promise<T>;

/** One bot's way to the Bot API. */
export interface TelegramClient {
  readonly bot: Telegraf;
  readonly api: JsonBotApi;
  readonly call: RetryingCall;
  /** Closes the pooled connections. */
  close(): void;
}

/** Where the Bot API is and how hard to use it. */
export interface TelegramClientOptions {
  token: string;
  /** A self-hosted Bot API server; default api.telegram.org. */
  apiRoot?: string;
  logger: Logger;
  /** How often one call is tried when Telegram answers 429. */
  maxAttempts: number;
  /** Most connections open to the Bot API at once; further calls queue. */
  maxConnections: number;
}

/**
 * Creates the client. Nothing connects until the first call.
 * @example
 * const { bot, api, call } = createTelegramClient({ token, logger, maxAttempts: 5, maxConnections: 32 });
 * await call('getMe', () => bot.telegram.getMe());
 */
export function createTelegramClient(options: TelegramClientOptions): TelegramClient {
  const { token, apiRoot, logger, maxAttempts, maxConnections } = options;
  const bot = new Telegraf(token, {
    telegram: { ...(apiRoot ? { apiRoot } : {}), webhookReply: false },
    // An update is handled until its turn completed: webhook deliveries are timed by the webhook server, and the
    // polling offset must not move past a running turn.
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

  const call: RetryingCall = async (method, request) => {
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

  return { bot, api, call, close: () => agent.destroy() };
}
