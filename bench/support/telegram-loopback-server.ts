/**
 * The Bot API server of the Telegram loopback, run in a worker thread (see `telegram-loopback.ts`): the emulator with
 * its users. Messages in: `{ type: 'give', chatId, text }` (a user writes to the bot), `{ type: 'stop' }`. Messages
 * out: `{ type: 'ready', token, apiRoot }`, `{ type: 'output', chatId }` each time a message from the bot (text,
 * photo or document) reaches the server, `{ type: 'stopped' }`.
 */
import { parentPort } from 'node:worker_threads';
import { loadTelegramEmulator } from './load-emulator.ts';

/** What the loopback asks of the server thread. */
export type ServerRequest = { type: 'give'; chatId: number; text: string } | { type: 'stop' };
/** What the server thread tells the loopback. */
export type ServerEvent =
  | { type: 'ready'; token: string; apiRoot: string }
  | { type: 'output'; chatId: number }
  | { type: 'stopped' };

if (!parentPort) throw new Error('telegram-loopback-server.ts must run in a worker thread');
const port = parentPort;
const post = (event: ServerEvent) => port.postMessage(event);
const emulator = await (await loadTelegramEmulator()).startTelegramEmulator();
emulator.onBotOutput((chatId) => post({ type: 'output', chatId }));

port.on('message', (request: ServerRequest) => {
  if (request.type === 'give') {
    emulator.give(request.chatId, request.text).catch((error: Error) => {
      console.error(`telegram loopback: could not give a message to the server: ${error.message}`);
    });
  } else {
    void emulator.stop().then(() => {
      post({ type: 'stopped' });
      port.close();
    });
  }
});
post({ type: 'ready', token: emulator.token, apiRoot: emulator.apiRoot });
