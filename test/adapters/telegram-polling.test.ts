/**
 * Long polling against a small Bot API that keeps every update until an offset confirms it, as Telegram does (the
 * `telegram-test-api` emulator hands each update out once, whatever the offset): the adapter must never confirm an
 * update whose turn is still running, must not run again the updates Telegram sends back while the offset waits on
 * a slow turn, and must not hold other chats' new messages behind it.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import type { ChatAdapter } from '../../adapters/turns.ts';
import type { IncomingMessage } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { echoTurn, waitFor } from './support/fixtures.ts';

const TOKEN = '42:polling-test';

/** A Bot API keeping unconfirmed updates: `getUpdates` with `offset` forgets every update below it. */
async function startBotApi() {
  const pending: { update_id: number; message: unknown }[] = [];
  const sent: { chatId: number; text: string }[] = [];
  const offsets: number[] = [];
  let nextId = 500;
  let wake: (() => void) | undefined;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1];
    const answer = (result: unknown) => {
      const json = JSON.stringify({ ok: true, result });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
    };
    if (method === 'getMe') return answer({ id: 7, is_bot: true, first_name: 'Bot', username: 'PollBot' });
    if (method === 'sendMessage') {
      sent.push({ chatId: Number(body.chat_id), text: String(body.text) });
      return answer({ message_id: sent.length, date: 0, chat: { id: Number(body.chat_id), type: 'private' } });
    }
    if (method !== 'getUpdates') return answer(true);
    const offset = Number(body.offset ?? 0);
    offsets.push(offset);
    while (pending.length > 0 && pending[0]!.update_id < offset) pending.shift();
    if (pending.length === 0 && Number(body.timeout ?? 0) > 0 && Number(body.limit ?? 100) > 1) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 300);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    answer(pending.slice(0, Number(body.limit ?? 100)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    offsets,
    pending,
    /** A user writes `text` in chat `chat`; returns the update id. */
    write(chat: number, text: string) {
      const id = nextId++;
      pending.push({
        update_id: id,
        message: {
          message_id: id,
          date: 0,
          chat: { id: chat, type: 'private', first_name: 'U' },
          from: { id: chat, is_bot: false, first_name: 'U' },
          text,
        },
      });
      wake?.();
      return id;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('telegram long polling with offsets', () => {
  it('confirms only completed turns, never runs a re-sent update twice, and keeps other chats moving', async () => {
    const api = await startBotApi();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const runs = new Map<string, number>();
    const adapter: ChatAdapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      logger: silentLogger,
      async handleTurn(message: IncomingMessage) {
        runs.set(message.messageId!, (runs.get(message.messageId!) ?? 0) + 1);
        if (message.text === 'slow') await gate;
        return echoTurn(message);
      },
    });
    await adapter.start();
    cleanup.push(
      api.stop,
      () => adapter.stop(),
      async () => open(),
    );

    const slow = api.write(1, 'slow');
    api.write(2, 'first');
    await waitFor(() => api.sent.some((m) => m.chatId === 2), 'the other chat answered while the slow turn runs');
    const later = api.write(2, 'second');
    await waitFor(() => api.sent.filter((m) => m.chatId === 2).length === 2, "the other chat's new message answered");
    // Telegram sent the updates after the slow one back on every poll; none ran twice, none was confirmed.
    expect(api.offsets.filter((offset) => offset > slow)).toEqual([]);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(api.pending.map((u) => u.update_id)).toContain(slow);

    open();
    await waitFor(() => api.sent.some((m) => m.chatId === 1), 'the slow reply');
    await waitFor(() => api.offsets.includes(later + 1), 'the confirmation of everything');
    expect(api.sent.map((m) => m.text)).toEqual(['echo: first', 'echo: second', 'echo: slow']);
    expect(runs.size).toBe(3);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });
});
