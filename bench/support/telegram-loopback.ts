/**
 * The bot behind its real Telegram adapter, talking to a loopback Bot API emulator: simulated users send messages
 * as Telegram clients and wait until the whole reply (every text part, chart, attachment) is in their chat.
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

/**
 * Starts the emulator and the adapter; `send(u, m, text)` resolves with the turn's message id once the reply has
 * fully arrived in user u's chat, or undefined after a timeout.
 * @example
 * const loopback = await telegramLoopback(app.handleTurn, logger);
 * await loopback.send(0, 0, 'hello');
 * await loopback.stop();
 */
export async function telegramLoopback(handleTurn: HandleTurn, logger: Logger) {
  const emulator = await startTelegramEmulator();
  /** Per chat: the message ids the bot handled (in order) and how many outputs it owes so far. */
  const chats = new Map<number, { messageIds: string[]; owed: number; received: number }>();
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
      return reply;
    },
  });
  await adapter.start();

  // One ticker reads what the bot sent since the last tick, so waiting costs nothing per user.
  let textCursor = 0;
  let mediaCursor = 0;
  const ticker = setInterval(() => {
    const sent = emulator.server.storage.botMessages;
    for (; textCursor < sent.length; textCursor++) chat(Number(sent[textCursor]!.message.chat_id)).received++;
    for (; mediaCursor < emulator.media.length; mediaCursor++) chat(emulator.media[mediaCursor]!.chatId).received++;
  }, 2);

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

  return {
    userId: (u: number) => `telegram:${FIRST_CHAT_ID + u}`,
    async send(u: number, m: number, text: string): Promise<{ messageId: string } | undefined> {
      const entry = chat(FIRST_CHAT_ID + u);
      const c = client(u);
      await c.sendMessage(c.makeMessage(text));
      const deadline = Date.now() + REPLY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (entry.messageIds.length > m && entry.received >= entry.owed) return { messageId: entry.messageIds[m]! };
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return undefined;
    },
    async stop() {
      clearInterval(ticker);
      await adapter.stop();
      await emulator.stop();
    },
  };
}
