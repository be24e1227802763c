/**
 * Load over loopback with the real app: 50 Telegram users send 5 messages each, all at once. Every message must be
 * answered exactly once and in order per chat; update→reply latency percentiles are printed (a figure, not a pass
 * condition: timing goals belong to benchmarks — `bench load --telegram`). In a burst like this one the last update
 * waits for the work of all before it, so the figures are read against how fast the updates arrived
 * (`arrivalWindowMs`) and how much CPU they took (`cpuMsPerMessage`): one process answers a burst no faster than that.
 * Users give their messages straight to the emulator, as a real user's message reaches Telegram over MTProto, not
 * through the Bot API: an HTTP client per user in this process would spread the burst over a second and take CPU
 * from the bot.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionCodec } from '../../adapters/actions.ts';
import { telegramMessages } from '../../adapters/telegram/render.ts';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import { quantile } from '../../bench/stats.ts';
import { htmlToText, startTelegramEmulator, type TelegramEmulator } from '../../bench/support/telegram-emulator.ts';
import type { App } from '../../src/app.ts';
import type { IncomingMessage, Reply } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { waitFor } from './support/fixtures.ts';
import { openRealApp } from './support/real-app.ts';

const USERS = 50;
const MESSAGES = ['hello', 'show me a navy shirt', 'cheaper', 'in black?', 'thanks'];

let app: App;
let emulator: TelegramEmulator;

beforeAll(async () => {
  app = await openRealApp();
  emulator = await startTelegramEmulator();
});
afterAll(async () => {
  await emulator?.stop();
  await app?.close();
});

describe('telegram under load with the real app', () => {
  it('answers 50 users × 5 messages exactly once each, in order per chat', { timeout: 300_000 }, async () => {
    const turns: { message: IncomingMessage; reply: Reply; parts: string[]; engineMs: number }[] = [];
    let expectedMessages = 0;
    const adapter = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      logger: silentLogger,
      handleTurn: async (message) => {
        const startedAt = Date.now();
        const reply = await app.handleTurn(message);
        const parts = telegramMessages(reply, createActionCodec(64)).map((m) => htmlToText(m.html));
        expectedMessages += parts.length;
        turns.push({ message, reply, parts, engineMs: Date.now() - startedAt });
        return reply;
      },
    });
    await adapter.start();
    try {
      const cpuBefore = process.cpuUsage();
      const chatIds = Array.from({ length: USERS }, (_, i) => 5000 + i);
      // Every user's first message, then every user's second, … — all given at once.
      await Promise.all(MESSAGES.flatMap((text) => chatIds.map((id) => emulator.give(id, text))));
      await waitFor(
        () =>
          turns.length === USERS * MESSAGES.length && emulator.server.storage.botMessages.length === expectedMessages,
        'every reply',
        60_000,
      );
      // Nothing extra arrives late: every update is confirmed, so every turn has sent all it was going to.
      await waitFor(() => emulator.allConfirmed(), 'every update confirmed', 60_000);

      const latencies: number[] = [];
      for (const id of chatIds) {
        const chatTurns = turns.filter((t) => t.message.conversationId === `telegram:${id}`);
        // Each message reached the engine exactly once, in the order it was sent.
        expect(chatTurns.map((t) => t.message.text)).toEqual(MESSAGES);
        const ids = chatTurns.map((t) => Number(t.message.messageId!.split(':')[1]));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        // The chat shows exactly those replies, in that order.
        const shown = emulator.server.storage.botMessages.filter((u) => Number(u.message.chat_id) === id);
        const expected = chatTurns.flatMap(({ parts }) => parts);
        expect(shown.map((u) => htmlToText(String(u.message.text)).replace(/\s+/g, ' '))).toEqual(
          expected.map((t) => t.replace(/\s+/g, ' ')),
        );
        // Update → (last part of the) reply, by the emulator's own clock.
        const sent = emulator.server.storage.userMessages.filter(
          (u) => 'message' in u && Number((u.message as { chat: { id: number } }).chat.id) === id,
        );
        let cursor = 0;
        chatTurns.forEach(({ parts }, index) => {
          cursor += parts.length;
          latencies.push(shown[cursor - 1]!.time - sent[index]!.time);
        });
      }
      const cpu = process.cpuUsage(cpuBefore);
      const given = emulator.server.storage.userMessages.map((u) => u.time);
      const figures = {
        // CPU of this whole process (emulator, clients, bot, engine) per message: contention does not inflate it.
        cpuMsPerMessage: Math.round(((cpu.user + cpu.system) / 1000 / latencies.length) * 10) / 10,
        loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
        users: USERS,
        messages: latencies.length,
        p50Ms: quantile(latencies, 0.5),
        p99Ms: quantile(latencies, 0.99),
        maxMs: Math.max(...latencies),
        engineP50Ms: quantile(
          turns.map((t) => t.engineMs),
          0.5,
        ),
        engineP99Ms: quantile(
          turns.map((t) => t.engineMs),
          0.99,
        ),
        // First update → last update, and first update → last reply, by the emulator's clock.
        arrivalWindowMs: Math.max(...given) - Math.min(...given),
        drainMs: Math.max(...emulator.server.storage.botMessages.map((u) => u.time)) - Math.min(...given),
      };
      console.log(`telegram load (loopback, real app, demo catalogue): ${JSON.stringify(figures)}`);
      expect(latencies).toHaveLength(USERS * MESSAGES.length);
    } finally {
      await adapter.stop();
    }
  });
});
