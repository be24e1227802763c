import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sentPrivatelyNote } from '../../adapters/private-notes.ts';
import { createTelegramAdapter } from '../../adapters/telegram.ts';
import { htmlToText, startTelegramEmulator, type TelegramEmulator } from '../../bench/support/telegram-emulator.ts';
import { FLOOD_NOTICE } from '../../src/middleware/flood-guard.ts';
import type { IncomingMessage, Reply } from '../../src/types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { echoTurn, makeReply, makeReplyItem, waitFor } from './support/fixtures.ts';

const BOT_ID = 666; // the emulator's getMe
const BOT_USERNAME = 'TestNameBot';

let emulator: TelegramEmulator;
let stopAdapter: (() => Promise<void>) | undefined;

beforeEach(async () => {
  emulator = await startTelegramEmulator();
});
afterEach(async () => {
  await stopAdapter?.();
  stopAdapter = undefined;
  await emulator.stop();
});

async function startBot(handleTurn: (m: IncomingMessage) => Promise<Reply>, extra = {}) {
  const adapter = createTelegramAdapter({
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    handleTurn,
    logger: silentLogger,
    ...extra,
  });
  await adapter.start();
  stopAdapter = () => adapter.stop();
  return adapter;
}

const botMessages = (chatId: number) =>
  emulator.server.storage.botMessages.filter((update) => Number(update.message.chat_id) === chatId);

const textsTo = (chatId: number) => botMessages(chatId).map((update) => htmlToText(String(update.message.text)));

const user = (id: number, options = {}) =>
  emulator.server.getClient(emulator.token, {
    userId: id,
    chatId: id,
    firstName: `User${id}`,
    userName: `user${id}`,
    ...options,
  });

describe('telegram adapter against the Bot API emulator', () => {
  it('registers its command menu and answers commands and free text of several users at once', async () => {
    const seen: IncomingMessage[] = [];
    await startBot(async (message) => {
      seen.push(message);
      return echoTurn(message);
    });
    expect(emulator.commands.map((c) => c.command)).toEqual([
      'start',
      'help',
      'outfit',
      'trends',
      'prefs',
      'forget',
      'export',
    ]);

    const users = [11, 12, 13].map((id) => user(id));
    await Promise.all(
      users.map(async (client, index) => {
        await client.sendCommand(client.makeCommand('/start'));
        await client.sendCommand(client.makeCommand(`/outfit wedding ${index}`));
        await client.sendMessage(client.makeMessage(`navy <b>shirt</b> & tie ${index}`));
      }),
    );
    for (const [index, id] of [11, 12, 13].entries()) {
      const texts = await waitFor(() => textsTo(id).length >= 3 && textsTo(id), `3 replies to ${id}`);
      expect(texts).toEqual([
        'echo: hello',
        `echo: outfit for wedding ${index}`,
        `echo: navy <b>shirt</b> & tie ${index}`,
      ]);
      // The markup in user text arrived escaped, so Telegram shows it literally.
      expect(String(botMessages(id)[2]!.message.text)).toContain('&lt;b&gt;shirt&lt;/b&gt; &amp; tie');
      expect(botMessages(id)[2]!.message.parse_mode).toBe('HTML');
    }
    const first = seen.find((m) => m.userId === 'telegram:11')!;
    expect(first).toMatchObject({ platform: 'telegram', conversationId: 'telegram:11', text: 'hello' });
  });

  it('shows item buttons and turns a press into an action carrying the item id', async () => {
    const items = [makeReplyItem(), makeReplyItem({ id: 'hm:0108775015' })];
    const actions: IncomingMessage['action'][] = [];
    await startBot(async (message) => {
      if (message.action) {
        actions.push(message.action);
        return makeReply({ text: `noted ${message.action.type}` });
      }
      return makeReply({ text: 'Two picks:', items, actionable: true, intent: 'product_search' });
    });
    const client = user(21);
    await client.sendMessage(client.makeMessage('navy shirt'));
    const [suggestion] = await waitFor(() => botMessages(21).length >= 1 && botMessages(21), 'the suggestion');
    const keyboard = (
      suggestion!.message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard;
    expect(keyboard).toHaveLength(2);
    expect(keyboard[1]!.map((b) => b.text)).toEqual(['👍 #2', '👎 #2', 'More like this #2', 'Save #2']);
    for (const row of keyboard)
      for (const button of row) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
    // The reply text did not name the items, so the adapter listed them, numbered like the buttons.
    expect(htmlToText(String(suggestion!.message.text))).toContain(`2. ${items[1]!.name}`);

    for (const button of [keyboard[1]![0]!, keyboard[0]![1]!, keyboard[1]![2]!, keyboard[0]![3]!]) {
      await client.sendCallback(
        client.makeCallbackQuery(button.callback_data, { message: { message_id: suggestion!.messageId } }),
      );
    }
    await waitFor(() => actions.length === 4 && textsTo(21).length === 5, 'four button turns');
    expect(actions).toEqual([
      { type: 'feedback', itemId: 'hm:0108775015', value: 1 },
      { type: 'feedback', itemId: items[0]!.id, value: -1 },
      { type: 'more_like', itemId: 'hm:0108775015' },
      { type: 'save', itemId: items[0]!.id },
    ]);
    expect(emulator.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(4);
  });

  it('splits long replies under 4,096 characters without losing text', async () => {
    const paragraph = `${'Linen & cotton <breathe>. '.repeat(40)}\n\n`;
    const long = paragraph.repeat(12).trim();
    await startBot(async () => makeReply({ text: long }));
    const client = user(31);
    await client.sendMessage(client.makeMessage('tell me everything'));
    const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();
    const sentTexts = () => botMessages(31).map((update) => String(update.message.text));
    await waitFor(
      () => normalise(sentTexts().map(htmlToText).join(' ')).length >= normalise(long).length,
      'the split reply',
    );
    await waitFor(() => emulator.allConfirmed(), 'every update confirmed (answered)');
    const sent = sentTexts();
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const html of sent) expect(html.length).toBeLessThanOrEqual(4096);
    expect(normalise(sent.map(htmlToText).join(' '))).toBe(normalise(long));
  });

  it('honours 429 retry_after and still answers exactly once', async () => {
    let refused = 0;
    emulator.fault = (method) => {
      if (method !== 'sendMessage' || refused > 0) return undefined;
      refused++;
      return {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: 1 },
        },
      };
    };
    await startBot(echoTurn);
    const client = user(41);
    const sentAt = Date.now();
    await client.sendMessage(client.makeMessage('hi'));
    await waitFor(() => botMessages(41).length === 1, 'the retried reply');
    const attempts = emulator.calls.filter((c) => c.method === 'sendMessage');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(botMessages(41)[0]!.time - sentAt).toBeGreaterThanOrEqual(950);
    await waitFor(() => emulator.allConfirmed(), 'every update confirmed (answered)');
    expect(botMessages(41)).toHaveLength(1);
  });

  it('keeps the order of one chat even when earlier turns are slower', async () => {
    await startBot(async (message) => {
      const n = Number(message.text.replace(/\D/g, ''));
      await new Promise((resolve) => setTimeout(resolve, (5 - n) * 30));
      return echoTurn(message);
    });
    const client = user(51);
    for (let n = 1; n <= 5; n++) await client.sendMessage(client.makeMessage(`message ${n}`));
    const texts = await waitFor(() => textsTo(51).length === 5 && textsTo(51), 'five replies');
    expect(texts).toEqual([1, 2, 3, 4, 5].map((n) => `echo: message ${n}`));
  });

  it('in a group answers only commands, mentions and replies to itself', async () => {
    const seen: string[] = [];
    await startBot(async (message) => {
      seen.push(message.text);
      return echoTurn(message);
    });
    const group = { chatId: -100, type: 'group' as const, chatTitle: 'Stylists' };
    const alice = user(61, group);
    await alice.sendMessage(alice.makeMessage('just chatting among ourselves'));
    await alice.sendCommand(alice.makeCommand('/trends@OtherBot'));
    await alice.sendMessage(
      alice.makeMessage(`@${BOT_USERNAME} navy shirt`, {
        entities: [{ type: 'mention', offset: 0, length: BOT_USERNAME.length + 1 }],
      }),
    );
    await alice.sendMessage(
      alice.makeMessage('cheaper please', {
        reply_to_message: {
          message_id: 1,
          date: 0,
          chat: { id: -100, type: 'group', title: 'Stylists' },
          from: { id: BOT_ID, is_bot: true, first_name: 'Bot' },
        },
      } as never),
    );
    await alice.sendCommand(alice.makeCommand(`/help@${BOT_USERNAME}`));
    await waitFor(() => botMessages(-100).length === 3, 'three group replies');
    expect(seen).toEqual(['navy shirt', 'cheaper please', 'help']);
    // In groups the answer quotes the message it answers.
    expect(botMessages(-100)[0]!.message.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
  });

  it('sends the private answer to a button pressed in a group to the presser, the group only a note', async () => {
    const items = [makeReplyItem()];
    await startBot(async (message) =>
      message.action
        ? makeReply({ text: 'Saved — 3 pieces on your list now.', private: true, intent: 'save_item' })
        : makeReply({ text: 'One pick:', items, actionable: true, intent: 'product_search' }),
    );
    const group = { chatId: -200, type: 'supergroup' as const, chatTitle: 'Stylists' };
    const carol = user(81, group);
    await carol.sendCommand(carol.makeCommand(`/find@${BOT_USERNAME} navy shirt`));
    const [suggestion] = await waitFor(() => botMessages(-200).length >= 1 && botMessages(-200), 'the suggestion');
    const keyboard = (suggestion!.message.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard;
    const save = keyboard[0]!.at(-1)!.callback_data;
    await carol.sendCallback(carol.makeCallbackQuery(save, { message: { message_id: suggestion!.messageId } }));
    await waitFor(() => textsTo(81).length === 1 && textsTo(-200).length === 2, 'the DM and the note');
    expect(textsTo(81)).toEqual(['Saved — 3 pieces on your list now.']);
    expect(textsTo(-200)[1]).toBe(sentPrivatelyNote('en'));
  });

  it('sends a chart as a PNG photo and an export as a document', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="navy"/></svg>';
    await startBot(async (message) =>
      message.text === 'export my data'
        ? makeReply({
            text: 'Here is your data.',
            private: true,
            attachment: { filename: 'my-data.json', content: '{"a":1}' },
          })
        : makeReply({ text: 'Linen is rising.', chart: { title: 'linen: rising', svg } }),
    );
    const client = user(71);
    await client.sendCommand(client.makeCommand('/trends linen'));
    await client.sendCommand(client.makeCommand('/export'));
    await waitFor(() => emulator.media.length === 2, 'photo and document');
    const [photo, document] = emulator.media;
    expect(photo).toMatchObject({ method: 'sendPhoto', chatId: 71 });
    expect(photo!.body.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(document).toMatchObject({ method: 'sendDocument', chatId: 71 });
    expect(document!.body.toString('utf8')).toContain('{"a":1}');
    expect(textsTo(71)).toEqual(['Linen is rising.', 'Here is your data.']);
  });

  it('sends a chart it sent before by its file id, and uploads it again when Telegram no longer knows the id', async () => {
    const svg = (fill: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="${fill}"/></svg>`;
    await startBot(async (message) =>
      makeReply({
        text: 'Trend:',
        chart: { title: 'trend', svg: svg(message.text.includes('wool') ? 'red' : 'navy') },
      }),
    );
    const ask = async (chatId: number, topic: string, count: number) => {
      const client = user(chatId);
      await client.sendCommand(client.makeCommand(`/trends ${topic}`));
      await waitFor(() => emulator.media.length === count, `${count} photos`);
      return emulator.media.at(-1)!;
    };
    const first = await ask(72, 'linen', 1);
    expect(first.fileId).toBeUndefined();
    const again = await ask(73, 'linen', 2);
    expect(again).toMatchObject({ method: 'sendPhoto', chatId: 73, fileId: 'photo-1' });
    // Another chart is another picture: uploaded, not sent as the first one's id.
    const other = await ask(74, 'wool', 3);
    expect(other.fileId).toBeUndefined();
    expect(other.body.equals(first.body)).toBe(false);
    // A server that lost its files refuses the id: the picture is uploaded again, and that chat still gets it.
    emulator.fault = (method, body) =>
      method === 'sendPhoto' && body[0] === '{'.charCodeAt(0)
        ? {
            status: 400,
            body: { ok: false, error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' },
          }
        : undefined;
    const reuploaded = await ask(75, 'linen', 4);
    expect(reuploaded).toMatchObject({ method: 'sendPhoto', chatId: 75 });
    expect(reuploaded.fileId).toBeUndefined();
    expect(reuploaded.body.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
    expect([72, 73, 74, 75].map((id) => textsTo(id))).toEqual([['Trend:'], ['Trend:'], ['Trend:'], ['Trend:']]);
  });

  it('answers a flooding user with one notice, not one per message', async () => {
    let turns = 0;
    await startBot(async (message) => {
      turns++;
      return echoTurn(message);
    }, {});
    const client = user(81);
    for (let n = 1; n <= 26; n++) await client.sendMessage(client.makeMessage(`spam ${n}`));
    await waitFor(() => botMessages(81).length === 21, '20 answers and one notice');
    await waitFor(() => emulator.allConfirmed(), 'every update confirmed (answered)');
    expect(turns).toBe(20);
    const texts = textsTo(81);
    expect(texts.filter((t) => t === FLOOD_NOTICE)).toHaveLength(1);
    expect(texts[20]).toBe(FLOOD_NOTICE);
  });

  it('when polling, confirms an update (the next getUpdates offset) only once its turn was answered', async () => {
    let entered = false;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // Every Bot API call in order, getUpdates with the offset it confirms.
    const sequence: (string | number)[] = [];
    emulator.fault = (method, body) => {
      sequence.push(
        method === 'getUpdates' ? (JSON.parse(body.toString('utf8')) as { offset: number }).offset : method,
      );
      return undefined;
    };
    await startBot(async (message) => {
      entered = true;
      await gate;
      return echoTurn(message);
    });
    const client = user(95);
    await client.sendMessage(client.makeMessage('hold on'));
    await waitFor(() => entered, 'the turn to start');
    // Before the fix the offset moved past the update while its turn was still running: let the bot poll again then.
    const polls = sequence.filter((x) => typeof x === 'number').length;
    await waitFor(() => sequence.filter((x) => typeof x === 'number').length > polls, 'a poll while the turn runs');
    open();
    await waitFor(() => botMessages(95).length === 1, 'the reply');
    await waitFor(
      () => sequence.slice(sequence.indexOf('sendMessage') + 1).some((x) => typeof x === 'number'),
      'a poll after the reply',
    );
    // The offset that confirms the update is the highest asked for; it must not be asked before the reply went out.
    const offsets = sequence.filter((x): x is number => typeof x === 'number');
    const confirmation = sequence.indexOf(Math.max(...offsets));
    expect(sequence.indexOf('sendMessage')).toBeGreaterThanOrEqual(0);
    expect(sequence.indexOf('sendMessage')).toBeLessThan(confirmation);
    expect(textsTo(95)).toEqual(['echo: hold on']);
  });

  it('receives updates by webhook when configured', async () => {
    const probe = await import('node:net').then(
      ({ createServer }) =>
        new Promise<number>((resolve) => {
          const s = createServer().listen(0, '127.0.0.1', () => {
            const { port } = s.address() as { port: number };
            s.close(() => resolve(port));
          });
        }),
    );
    await startBot(echoTurn, {
      webhook: { url: `http://127.0.0.1:${probe}/telegram/hook`, port: probe, host: '127.0.0.1' },
    });
    expect(emulator.calls.map((c) => c.method)).toContain('setWebhook');
    const client = user(91);
    await client.sendMessage(client.makeMessage('hello by webhook'));
    await waitFor(() => botMessages(91).length === 1, 'the webhook reply');
    expect(textsTo(91)).toEqual(['echo: hello by webhook']);
    expect(emulator.calls.map((c) => c.method)).not.toContain('getUpdates');
  });
});
