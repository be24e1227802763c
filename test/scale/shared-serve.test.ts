/**
 * `serve` with `REDIS_URL`: two instances (the real `startServices`, Telegram in webhook mode against the loopback Bot
 * API emulator) share flood limits and update de-duplication through the real Redis on 127.0.0.1:6379. An update
 * delivered to both instances (a webhook retry landing elsewhere) is answered once; a user whose messages are spread
 * over both gets 20 answers and one notice in all, as from one instance. Skipped without Redis.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import { htmlToText, privateTextUpdate, startTelegramEmulator } from '../../bench/support/telegram-emulator.ts';
import { type RunningServices, startServices } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { createHasher } from '../../src/log/crypto.ts';
import { FLOOD_NOTICE } from '../../src/middleware/flood-guard.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { connectTestRedis } from '../support/redis.ts';

const { admin, reachable: hasRedis } = await connectTestRedis();
/** Chat ids unique to this run: the profile keys contain one; flood and lease keys hold their keyed hash. */
const chats = [randomInt(1e9, 2e9), randomInt(2e9, 3e9)];
const homes: string[] = [];
const KEYS = { LOG_ENCRYPTION_KEY: randomBytes(32).toString('hex'), PSEUDONYM_KEY: randomBytes(32).toString('hex') };
const hasher = createHasher(Buffer.from(KEYS.PSEUDONYM_KEY, 'utf8'));
/** The update keys this run leases: the first chat's message 1, the other's 1 to 25. */
const updates = [`telegram:${chats[0]}:1`, ...Array.from({ length: 25 }, (_, i) => `telegram:${chats[1]}:${i + 1}`)];

afterAll(async () => {
  if (hasRedis) {
    for (const chat of chats) {
      for await (const keys of admin.scanIterator({ MATCH: `*${chat}*` })) if (keys.length > 0) await admin.del(keys);
    }
    const users = chats.map((chat) => hasher.key('flood', `telegram:${chat}`));
    await admin.del([
      ...users.flatMap((user) => [`fa:flood:${user}`, `fa:flood-notice:${user}`]),
      ...updates.map((key) => `fa:seen:${hasher.key('update', key)}`),
    ]);
  }
  if (admin.isOpen) admin.destroy();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!hasRedis)('two serve instances sharing Redis', () => {
  it('answer a redelivered update once and give a user spread over both one flood window', async () => {
    const emulator = await startTelegramEmulator();
    const instances: { services: RunningServices; port: number }[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const home = mkdtempSync(path.join(os.tmpdir(), 'fa-shared-serve-'));
        homes.push(home);
        const port = await freePort();
        const config = loadConfig({
          FASHION_HOME: home,
          FASHION_CATALOGS: 'demo',
          LOG_LEVEL: 'silent',
          TELEGRAM_BOT_TOKEN: emulator.token,
          TELEGRAM_API_ROOT: emulator.apiRoot,
          TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
          TELEGRAM_WEBHOOK_PORT: String(port),
          REDIS_URL: TEST_REDIS_URL,
          // Instances behind one bot share the keys: Redis sees keyed hashes of the update ids.
          ...KEYS,
        });
        const plan = { telegram: true, discord: false, review: false };
        instances.push({ services: await startServices(plan, config, silentLogger), port });
      }
      const secret = createHash('sha256').update(`webhook:${emulator.token}`).digest('hex');
      let updateId = randomInt(1e6, 1e9);
      const update = (chat: number, messageId: number, text: string) =>
        privateTextUpdate(updateId++, chat, messageId, text);
      const deliver = async (instance: number, body: unknown) => {
        const response = await fetch(`http://127.0.0.1:${instances[instance]!.port}/telegram`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body: JSON.stringify(body),
        });
        expect(response.status).toBe(200);
      };
      const textsTo = (chat: number) =>
        emulator.server.storage.botMessages
          .filter((m) => Number(m.message.chat_id) === chat)
          .map((m) => htmlToText(String(m.message.text)));
      // An instance acknowledges a delivery only once its turn completed and the answer went out (or it decided the
      // update was answered already): once every delivery is acknowledged, nothing more can arrive.

      // The same update reaches both instances.
      const [first, flooder] = chats as [number, number];
      const twice = update(first, 1, 'show me dresses');
      await deliver(0, twice);
      await deliver(1, twice);
      expect(textsTo(first)).toHaveLength(1);

      // 25 messages in a few seconds, alternating between the instances.
      for (let n = 1; n <= 25; n++) await deliver(n % 2, update(flooder, n, `hello ${n}`));
      const texts = textsTo(flooder);
      expect(texts).toHaveLength(21);
      expect(texts.filter((t) => t === FLOOD_NOTICE)).toHaveLength(1);
    } finally {
      for (const { services } of instances) await services.stop();
      await emulator.stop();
    }
  }, 120_000);
});
