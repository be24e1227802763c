/**
 * The bot behind its real Telegram adapter, talking to a loopback Bot API emulator: simulated users hand messages to
 * the Bot API server and learn the moment the whole reply (every text part, chart, attachment) has reached it.
 *
 * The bot's side is the real protocol (long-polled `getUpdates`, `sendMessage`, multipart uploads over HTTP). The
 * users' side is not a Bot API exchange — a real user's message reaches Telegram over MTProto — so it is given to the
 * emulator in-process, and replies are noticed from the emulator's own event when they arrive, not by polling: the
 * time a turn takes is from "the server has the update" to "the server has the last part of the reply".
 */
import { replyText } from '../../adapters/render.ts';
import { createTelegramAdapter, TELEGRAM_TEXT_LIMIT } from '../../adapters/telegram.ts';
import { escapeHtml, splitText } from '../../adapters/text.ts';
import type { HandleTurn } from '../../adapters/turns.ts';
import type { Logger, Reply } from '../../src/types.ts';
import { startTelegramEmulator } from '../../test/adapters/support/telegram-emulator.ts';

/** How long a user waits for a reply before counting the turn as lost. */
const REPLY_TIMEOUT_MS = 15_000;
const FIRST_CHAT_ID = 5000;

/** How many Telegram messages (text parts + chart + attachment) the adapter sends for a reply. */
function outputsFor(reply: Reply): number {
  const parts = splitText(replyText(reply), TELEGRAM_TEXT_LIMIT, (chunk) => escapeHtml(chunk).length).length;
  return parts + (reply.chart ? 1 : 0) + (reply.attachment ? 1 : 0);
}

/** One chat as its user sees it: the message ids the bot handled (in order), outputs owed and received so far. */
interface ChatState {
  messageIds: string[];
  owed: number;
  received: number;
  /** Called whenever the chat's state moves on. */
  waiter?: () => void;
}

/**
 * Starts the emulator and the adapter; `send(u, m, text)` resolves with the turn's message id once the reply has
 * fully arrived at the server for user u's chat, or undefined after a timeout.
 * @example
 * const loopback = await telegramLoopback(app.handleTurn, logger);
 * await loopback.send(0, 0, 'hello');
 * await loopback.stop();
 */
export async function telegramLoopback(handleTurn: HandleTurn, logger: Logger) {
  const emulator = await startTelegramEmulator();
  const chats = new Map<number, ChatState>();
  const chat = (id: number) => {
    let entry = chats.get(id);
    if (!entry) {
      entry = { messageIds: [], owed: 0, received: 0 };
      chats.set(id, entry);
    }
    return entry;
  };
  const adapter = createTelegramAdapter({
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    logger,
    handleTurn: async (message) => {
      const reply = await handleTurn(message);
      const entry = chat(Number(message.conversationId.split(':')[1]));
      entry.messageIds.push(message.messageId!);
      entry.owed += outputsFor(reply);
      entry.waiter?.();
      return reply;
    },
  });
  await adapter.start();
  const unsubscribe = emulator.onBotOutput((chatId) => {
    const entry = chat(chatId);
    entry.received++;
    entry.waiter?.();
  });

  const clients = new Map<number, ReturnType<typeof emulator.server.getClient>>();
  const client = (u: number) => {
    const id = FIRST_CHAT_ID + u;
    let c = clients.get(u);
    if (!c) {
      c = emulator.server.getClient(emulator.token, {
        userId: id,
        chatId: id,
        firstName: `U${id}`,
        userName: `u${id}`,
      });
      clients.set(u, c);
    }
    return c;
  };
  // The emulator numbers a message after an await, so two messages given in one tick would share a number: one at
  // a time.
  let giving: Promise<unknown> = Promise.resolve();

  return {
    userId: (u: number) => `telegram:${FIRST_CHAT_ID + u}`,
    async send(u: number, m: number, text: string): Promise<{ messageId: string } | undefined> {
      const entry = chat(FIRST_CHAT_ID + u);
      const c = client(u);
      const answered = () => entry.messageIds.length > m && entry.received >= entry.owed;
      const arrived = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
        entry.waiter = () => {
          if (!answered()) return;
          clearTimeout(timer);
          resolve(true);
        };
      });
      const given = giving.then(() => emulator.server.addUserMessage(c.makeMessage(text)));
      giving = given.catch(() => undefined);
      await given;
      const ok = await arrived;
      entry.waiter = undefined;
      return ok ? { messageId: entry.messageIds[m]! } : undefined;
    },
    async stop() {
      unsubscribe();
      await adapter.stop();
      await emulator.stop();
    },
  };
}
