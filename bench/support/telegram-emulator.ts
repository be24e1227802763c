/**
 * A loopback Telegram Bot API for tests: the `telegram-test-api` emulator behind a thin proxy that adds what the
 * emulator lacks — real long polling for `getUpdates`, `setMyCommands`, `sendPhoto`/`sendDocument` (multipart) — and
 * lets a test inject faults such as `429 Too Many Requests`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage as HttpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/** A canned answer a test wants instead of the emulator's. */
export interface Fault {
  status: number;
  body: unknown;
}

export interface MediaUpload {
  method: string;
  chatId: number;
  /** The upload request (multipart); for a photo sent again by file id, the request that first uploaded it. */
  body: Buffer;
  /** Set when the photo was sent by the file id of an earlier upload. */
  fileId?: string;
  at: number;
}

export interface TelegramEmulator {
  token: string;
  /** Give this to the adapter as `apiRoot`. */
  apiRoot: string;
  server: TelegramServer;
  /** The command menu last registered with `setMyCommands`. */
  commands: { command: string; description: string }[];
  media: MediaUpload[];
  /** Every Bot API method the bot called, in order; a `getUpdates` with the offset it confirms (all updates below it). */
  calls: { method: string; at: number; offset?: number }[];
  /** Set to answer some calls with a fault instead. */
  fault?: (method: string, body: Buffer) => Fault | undefined;
  /**
   * Calls `listener` with the chat id each time a message from the bot (text, photo or document) reaches the server,
   * synchronously, so a waiting user learns of a reply without polling. Returns the unsubscribe function.
   */
  onBotOutput(listener: (chatId: number) => void): () => void;
  /**
   * User `chatId` writes `text` to the bot in their private chat — straight into the server, as a real user's message
   * reaches Telegram over MTProto, not through the Bot API (which would put an HTTP client per user on the machine).
   * Messages are stored one at a time in call order: the emulator numbers a message after an await, so two stored at
   * once would share a number. Resolves once stored.
   */
  give(chatId: number, text: string): Promise<void>;
  /**
   * Whether the bot has confirmed every update users have sent so far (asked `getUpdates` with an offset past it). A
   * bot that confirms an update only once its turn was answered has then sent all it was going to send for them.
   */
  allConfirmed(): boolean;
  stop(): Promise<void>;
}

/** What a `getUpdates` call asks for. */
interface Polling {
  offset?: number;
  timeout?: number;
}

const freePort = async (): Promise<number> => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
};

const readBody = async (request: HttpRequest): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Answers with a Content-Length, as Telegram does: a chunked answer trips node-fetch 2's "Premature close" check
 * (telegraf's HTTP client) when a kept-alive connection is handed straight to the next queued call.
 */
const send = (res: ServerResponse, status: number, json: string) => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
};
const reply = (res: ServerResponse, status: number, body: unknown) => send(res, status, JSON.stringify(body));

/** The emulator's state that the proxy's routes share. */
interface Emulated {
  server: TelegramServer;
  emulator: TelegramEmulator;
  /** Uploaded photos (the whole upload request) by the file id they were given. */
  photos: Map<string, Buffer>;
  /** Tells the output listeners that the bot sent something to `chatId`. */
  output(chatId: number): void;
  /** The message a media upload became; a photo carries its file id, as Telegram's largest `PhotoSize`. */
  mediaMessage(chatId: number, photoId?: string): unknown;
  /** The updates pending at once, or as soon as one arrives before `deadline`, or none then. */
  longPoll(deadline: number): Promise<unknown[]>;
}

/** One Bot API call as the proxy received it. */
interface ProxyCall {
  /** The bot token in the request's path. */
  botToken: string;
  body: Buffer;
  req: HttpRequest;
  res: ServerResponse;
  /** What a `getUpdates` asks for (empty for other methods). */
  asked: Polling;
}

/** One Bot API call the proxy answers itself. */
type Route = (state: Emulated, call: ProxyCall) => Promise<void> | void;

/** A photo sent again by the file id Telegram gave it. */
const resendPhoto: Route = ({ emulator, photos, output, mediaMessage }, { body, res }) => {
  const { chat_id: chatId, photo } = JSON.parse(body.toString('utf8')) as { chat_id: number; photo: string };
  const picture = photos.get(photo);
  if (!picture) {
    return reply(res, 400, {
      ok: false,
      error_code: 400,
      description: 'Bad Request: wrong file identifier/HTTP URL specified',
    });
  }
  emulator.media.push({ method: 'sendPhoto', chatId, body: picture, fileId: photo, at: Date.now() });
  output(chatId);
  reply(res, 200, { ok: true, result: mediaMessage(chatId, photo) });
};

/** A photo or document uploaded (multipart). */
const upload =
  (method: 'sendPhoto' | 'sendDocument'): Route =>
  ({ emulator, photos, output, mediaMessage }, { body, res }) => {
    const chatId = Number(/name="chat_id"\r\n\r\n(-?\d+)/.exec(body.toString('latin1'))?.[1]);
    emulator.media.push({ method, chatId, body, at: Date.now() });
    output(chatId);
    let fileId: string | undefined;
    if (method === 'sendPhoto') {
      fileId = `photo-${photos.size + 1}`;
      photos.set(fileId, body);
    }
    reply(res, 200, { ok: true, result: mediaMessage(chatId, fileId) });
  };

const isJson = (req: HttpRequest) => req.headers['content-type']?.startsWith('application/json') === true;

/** The routes the proxy answers itself; every other call goes on to the emulator. */
const ROUTES: Record<string, Route> = {
  // Hold the request like Telegram does when the bot asks for long polling (capped so tests stop fast).
  getUpdates: async ({ longPoll }, { res, asked: { timeout = 0 } }) =>
    reply(res, 200, { ok: true, result: await longPoll(Date.now() + Math.min(timeout * 1000, 1000)) }),
  setMyCommands: ({ emulator }, { body, res }) => {
    emulator.commands = JSON.parse(body.toString('utf8')).commands;
    reply(res, 200, { ok: true, result: true });
  },
  sendPhoto: (state, call) => (isJson(call.req) ? resendPhoto(state, call) : upload('sendPhoto')(state, call)),
  sendDocument: upload('sendDocument'),
  // The emulator's own route does exactly this behind a second HTTP hop (undici → express) that would cost every
  // reply a round trip through this process's event loop; answering here keeps the Bot API exchange one request.
  sendMessage: ({ server }, { botToken, body, req, res }) => {
    if (!isJson(req)) return forward(server, req, res, body);
    reply(res, 200, { ok: true, result: server.addBotMessage(JSON.parse(body.toString('utf8')), botToken) });
  },
};

/** Passes a call on to the emulator's own server. */
async function forward(server: TelegramServer, req: HttpRequest, res: ServerResponse, body: Buffer): Promise<void> {
  const forwarded = await fetch(`${server.config.apiURL}${req.url}`, {
    method: req.method,
    headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
    body: req.method === 'GET' ? undefined : new Uint8Array(body),
  });
  send(res, forwarded.status, await forwarded.text());
}

/** Answers one Bot API request: records it, injects the test's fault, else routes or forwards it. */
async function answer(state: Emulated, req: HttpRequest, res: ServerResponse): Promise<void> {
  const { emulator } = state;
  const body = await readBody(req);
  const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
  const method = match?.[2] ?? '';
  const asked = method === 'getUpdates' && body.length > 0 ? (JSON.parse(body.toString('utf8')) as Polling) : {};
  if (match)
    emulator.calls.push({ method, at: Date.now(), ...(asked.offset === undefined ? {} : { offset: asked.offset }) });
  const fault = match ? emulator.fault?.(method, body) : undefined;
  if (fault) return reply(res, fault.status, fault.body);
  const route = ROUTES[method];
  if (match && route) return route(state, { botToken: match[1] ?? '', body, req, res, asked });
  await forward(state.server, req, res, body);
}

/** Wakes long polls when users send something; `longPoll` waits for that or its deadline. */
function updateWaiters(server: TelegramServer, token: string) {
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
    waiters.clear();
  };
  for (const event of ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery']) server.on(event, wake);
  const longPoll = async (deadline: number) => {
    for (;;) {
      const updates = server.getUpdates(token);
      const remaining = deadline - Date.now();
      if (updates.length > 0 || remaining <= 0) return updates;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return { wake, longPoll };
}

/** The users writing to the bot, one emulator client each, and their messages stored one at a time in call order. */
function userMessages(server: TelegramServer, token: string) {
  const users = new Map<number, ReturnType<TelegramServer['getClient']>>();
  const user = (chatId: number) => {
    let client = users.get(chatId);
    if (!client) {
      client = server.getClient(token, { userId: chatId, chatId, firstName: `U${chatId}`, userName: `u${chatId}` });
      users.set(chatId, client);
    }
    return client;
  };
  let giving: Promise<void> = Promise.resolve();
  return (chatId: number, text: string) => {
    const message = user(chatId).makeMessage(text);
    const stored = giving.then(() => server.addUserMessage(message));
    giving = stored.catch(() => undefined);
    return stored;
  };
}

/** The listeners told of each message from the bot. */
function botOutput(server: TelegramServer) {
  const listeners = new Set<(chatId: number) => void>();
  const output = (chatId: number) => {
    for (const listener of listeners) listener(chatId);
  };
  server.on('AddedBotMessage', () => {
    const last = server.storage.botMessages.at(-1);
    if (last) output(Number(last.message.chat_id));
  });
  const onBotOutput = (listener: (chatId: number) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { output, onBotOutput };
}

/**
 * Starts the emulator and its proxy on 127.0.0.1.
 * @example
 * const emulator = await startTelegramEmulator();
 * const telegram = createTelegramAdapter({ token: emulator.token, apiRoot: emulator.apiRoot, handleTurn, logger });
 */
export async function startTelegramEmulator(token = '123456:TEST-token_abc'): Promise<TelegramEmulator> {
  const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  const { wake, longPoll } = updateWaiters(server, token);
  const { output, onBotOutput } = botOutput(server);
  let messageId = 1_000_000;
  const mediaMessage = (chatId: number, photoId?: string) => ({
    message_id: messageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private' },
    ...(photoId ? { photo: [{ file_id: photoId, file_unique_id: photoId, width: 800, height: 400 }] } : {}),
  });
  const emulator: TelegramEmulator = {
    token,
    apiRoot: '',
    server,
    commands: [],
    media: [],
    calls: [],
    onBotOutput,
    give: userMessages(server, token),
    allConfirmed() {
      const last = server.storage.userMessages.reduce((max, update) => Math.max(max, update.updateId), 0);
      return emulator.calls.some((call) => call.method === 'getUpdates' && (call.offset ?? 0) > last);
    },
    stop: async () => {
      wake();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await server.stop();
    },
  };
  const state: Emulated = { server, emulator, photos: new Map(), output, mediaMessage, longPoll };
  const proxy: Server = createServer((req, res) => void answer(state, req, res));
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  emulator.apiRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return emulator;
}

/** The text of Telegram HTML as a user reads it. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * A webhook update: a text message from a user in their private chat with the bot.
 * @example
 * const update = privateTextUpdate(4711, 20001, 1, 'show me dresses');
 */
export function privateTextUpdate(updateId: number, chat: number, messageId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Test' },
      from: { id: chat, is_bot: false, first_name: 'Test' },
      text,
    },
  };
}
