/**
 * The bot behind its real Telegram adapter, talking to a loopback Bot API emulator: simulated users hand messages to
 * the Bot API server and learn the moment the whole reply (every text part, chart, attachment) has reached it.
 *
 * The bot's side is the real protocol (long-polled `getUpdates`, `sendMessage`, multipart uploads over HTTP on
 * 127.0.0.1). The server runs in a worker thread (`telegram-loopback-server.ts`), as Telegram runs elsewhere: its
 * HTTP work neither queues behind the bot's turns on one event loop nor counts as the bot's main-thread CPU. The users'
 * side is not a Bot API exchange — a real user's message reaches Telegram over MTProto — so users give messages to
 * the server thread directly, and the server reports each reply message the moment it arrives (no polling). A turn's
 * time is from handing the update to the server to the server holding the last part of the reply (plus two
 * thread-message hops, a few microseconds).
 *
 * Before the users, a warm-up runs the Telegram path — server, HTTP, adapter, turn pipeline — for 1,500 turns of
 * other chats (100 × 15, under the flood limit), answered with a fixed reply instead of the engine (the bench warms
 * the engine itself, and its answer caches must not be filled by turns that are not measured): as the bench warms
 * the engine's code, so that the first users do not pay for compiling this path. A bot process serves far more turns
 * than that; over its first thousand, the Telegram path costs several times the CPU of a compiled one (figures in
 * bench/README.md).
 */
import { Worker } from 'node:worker_threads';
import { createActionCodec } from '../../adapters/actions.ts';
import { telegramMessages } from '../../adapters/telegram/render.ts';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import type { HandleTurn } from '../../adapters/turns.ts';
import type { Logger, Reply } from '../../src/types.ts';
import type { ServerEvent, ServerRequest } from './telegram-loopback-server.ts';

/** How long a user waits for a reply before counting the turn as lost. */
const REPLY_TIMEOUT_MS = 15_000;
const FIRST_CHAT_ID = 5000;
/** Warm-up chats (ids below the users'), each talking this many turns back to back (under the flood limit). */
const WARM_UP_CHATS = 100;
const WARM_UP_TURNS = 15;
const FIRST_WARM_UP_CHAT_ID = FIRST_CHAT_ID - WARM_UP_CHATS;

/** The warm-up's answer: text with items and their buttons, as a typical search answer has. */
const WARM_UP_REPLY: Reply = {
  text: 'Here are three shirts for a summer wedding in navy & white:',
  intent: 'product_search',
  confidence: 1,
  slots: {},
  items: [1, 2, 3].map((n) => ({
    id: `demo:warm-up-${n}`,
    name: `Navy <oxford> shirt ${n}`,
    score: 1 / n,
    price: 30 + n,
    colors: ['navy', 'white'],
    articleType: 'shirt',
    signals: [],
  })),
  outfits: [],
  private: false,
  actionable: true,
};

/** How many Telegram messages (text parts + chart + attachment) the adapter sends for a reply. */
function outputsFor(reply: Reply): number {
  const parts = telegramMessages(reply, createActionCodec(64)).length;
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

/** Starts the server thread (TypeScript through tsx, as the rest of the bench) and waits until it listens. */
async function startServerThread(): Promise<{ worker: Worker; token: string; apiRoot: string }> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./telegram-loopback-server.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
  return new Promise((resolve, reject) => {
    const onReady = (event: ServerEvent) => {
      if (event.type !== 'ready') return;
      worker.off('message', onReady).off('error', reject);
      resolve({ worker, token: event.token, apiRoot: event.apiRoot });
    };
    worker.on('message', onReady).once('error', reject);
  });
}

/**
 * Starts the server thread and the adapter; `send(u, m, text)` resolves with the turn's message id once the reply has
 * fully arrived at the server for user u's chat, or undefined after a timeout.
 * @example
 * const loopback = await telegramLoopback(app.handleTurn, logger);
 * await loopback.send(0, 0, 'hello');
 * await loopback.stop();
 */
export async function telegramLoopback(handleTurn: HandleTurn, logger: Logger) {
  const { worker, token, apiRoot } = await startServerThread();
  const request = (message: ServerRequest) => worker.postMessage(message);
  const chats = new Map<number, ChatState>();
  const chat = (id: number) => {
    let entry = chats.get(id);
    if (!entry) {
      entry = { messageIds: [], owed: 0, received: 0 };
      chats.set(id, entry);
    }
    return entry;
  };
  worker.on('message', (event: ServerEvent) => {
    if (event.type !== 'output') return;
    const entry = chat(event.chatId);
    entry.received++;
    entry.waiter?.();
  });
  const adapter = createTelegramAdapter({
    token,
    apiRoot,
    logger,
    handleTurn: async (message) => {
      const chatId = Number(message.conversationId.split(':')[1]);
      const reply = chatId < FIRST_CHAT_ID ? WARM_UP_REPLY : await handleTurn(message);
      const entry = chat(chatId);
      if (message.messageId === undefined)
        throw new Error('the Telegram adapter passed on a turn without a message id');
      entry.messageIds.push(message.messageId);
      entry.owed += outputsFor(reply);
      entry.waiter?.();
      return reply;
    },
  });
  await adapter.start();

  /** Gives chat `chatId`'s m-th message to the server; resolves with its message id once its reply fully arrived. */
  const converse = async (chatId: number, m: number, text: string): Promise<{ messageId: string } | undefined> => {
    const entry = chat(chatId);
    const answered = () => entry.messageIds.length > m && entry.received >= entry.owed;
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
      entry.waiter = () => {
        if (!answered()) return;
        clearTimeout(timer);
        resolve(true);
      };
    });
    request({ type: 'give', chatId, text });
    const ok = await arrived;
    entry.waiter = undefined;
    const messageId = entry.messageIds[m];
    return ok && messageId !== undefined ? { messageId } : undefined;
  };
  await Promise.all(
    Array.from({ length: WARM_UP_CHATS }, async (_, c) => {
      for (let m = 0; m < WARM_UP_TURNS; m++) await converse(FIRST_WARM_UP_CHAT_ID + c, m, 'show me navy shirts');
    }),
  );

  return {
    userId: (u: number) => `telegram:${FIRST_CHAT_ID + u}`,
    send: (u: number, m: number, text: string) => converse(FIRST_CHAT_ID + u, m, text),
    async stop() {
      await adapter.stop();
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (event: ServerEvent) => {
          if (event.type === 'stopped') resolve();
        });
      });
      request({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
