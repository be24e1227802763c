/**
 * Webhook mode, for several instances behind a load balancer: a delivery is answered 200 once its turn was answered
 * and marked done (or found done already); a turn still running after `answerMs`, or an update another live
 * instance holds, is answered 503 and Telegram retries it later, while the lease (see `src/middleware/dedup.ts`)
 * keeps a retry from running it twice.
 */
import { createServer, type IncomingMessage as HttpRequest, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../src/types.ts';
import type { Verdict } from '../turns.ts';
import type { TelegramClient } from './client.ts';

/** Default longest wait before a webhook delivery is answered (Telegram gives up on a webhook after about a minute). */
const WEBHOOK_ANSWER_MS = 25_000;
const WEBHOOK_BODY_LIMIT = 1 << 20;

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

/** What became of each update: set by its handler once the turn settled, `failed` when a handler threw. */
export type UpdateOutcomes = WeakMap<Update, Verdict | 'failed'>;

/**
 * The HTTP status for one webhook delivery: 200 once its turn completed (or it was handled before, or is not for
 * us), 503 while it runs past the answer time or another live instance holds it, 500 when its handler failed.
 */
async function answerDelivery(
  client: TelegramClient,
  outcomes: UpdateOutcomes,
  logger: Logger,
  update: Update,
  answerMs: number,
): Promise<number> {
  const handled = client.bot.handleUpdate(update).then(() => outcomes.get(update) ?? 'ignored');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), answerMs);
  });
  const outcome = await Promise.race([handled, late]).finally(() => clearTimeout(timer));
  if (outcome === 'late' || outcome === 'busy') {
    logger.info('webhook update not finished; Telegram will deliver it again', { updateId: update.update_id, outcome });
    return 503;
  }
  return outcome === 'failed' ? 500 : 200;
}

/** The update a delivery carries, or undefined when its body is too large or not an update. */
async function readUpdate(req: HttpRequest): Promise<Update | undefined> {
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
}

/** Answers one HTTP request to the webhook server. */
function webhookHandler(
  client: TelegramClient,
  outcomes: UpdateOutcomes,
  logger: Logger,
  hook: TelegramWebhookOptions,
) {
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
    answer(await answerDelivery(client, outcomes, logger, update, answerMs));
  };
}

/**
 * Listens for deliveries and tells Telegram where to send them; resolves with the listening server.
 * @example
 * const server = await startWebhook(client, outcomes, logger, { url, port: 8443 }, ['message', 'callback_query']);
 */
export async function startWebhook(
  client: TelegramClient,
  outcomes: UpdateOutcomes,
  logger: Logger,
  hook: TelegramWebhookOptions,
  allowedUpdates: readonly ('message' | 'callback_query')[],
): Promise<Server> {
  const handle = webhookHandler(client, outcomes, logger, hook);
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      logger.error('webhook delivery failed', { error: error.message });
      if (!res.headersSent) res.writeHead(500, { 'content-length': '0' }).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(hook.port, hook.host ?? '0.0.0.0', () => resolve());
  });
  await client.call('setWebhook', () =>
    client.bot.telegram.setWebhook(hook.url, {
      secret_token: hook.secretToken,
      allowed_updates: [...allowedUpdates],
      // Each delivery is held until its turn completed: let Telegram keep as many open as it allows.
      max_connections: 100,
    }),
  );
  return server;
}
