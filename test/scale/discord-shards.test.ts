/**
 * Discord over several instances: two `serve` instances (the real `startServices` and discord.js client) each run one
 * gateway shard of two (`DISCORD_SHARDS=0/2`, `1/2`) against the local Discord, which delivers each guild's events on
 * its shard, and share profiles and sessions through the real Redis on 127.0.0.1:6379. When the instance of shard 0
 * is replaced, the one taking the shard over refines what the old one showed ("cheaper"). Skipped without Redis.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import { type RunningServices, startServices } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/util/logger.ts';
import {
  type LocalDiscord,
  type LocalGuild,
  makeUser,
  messageCreate,
  shardOf,
  startLocalDiscord,
} from '../adapters/support/discord-server.ts';
import { waitFor } from '../adapters/support/fixtures.ts';
import { connectTestRedis } from '../support/redis.ts';

const { admin, reachable: hasRedis } = await connectTestRedis();
/** A user id unique to this run: every Redis key the test makes for the shopper contains it. */
const shopper = { ...makeUser('noor'), id: String(randomInt(1e12, 2e12)) };
const homes: string[] = [];

afterAll(async () => {
  if (hasRedis) {
    for await (const keys of admin.scanIterator({ MATCH: `*${shopper.id}*` }))
      if (keys.length > 0) await admin.del(keys);
  }
  if (admin.isOpen) admin.destroy();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** Starts one instance running the given shards of the bot, on the shared Redis. */
async function startInstance(discord: LocalDiscord, shards: string): Promise<RunningServices> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fa-discord-shards-'));
  homes.push(home);
  const config = loadConfig({
    FASHION_HOME: home,
    FASHION_CATALOGS: 'demo',
    LOG_LEVEL: 'silent',
    DISCORD_BOT_TOKEN: 'local-discord-token.shards',
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_SHARDS: shards,
    REDIS_URL: TEST_REDIS_URL,
  });
  return startServices({ telegram: false, discord: true, review: false }, config, silentLogger);
}

/** An item as a Discord embed field shows it: `€12.99 · navy · shirt`. */
interface ShownItem {
  price: number;
  articleType: string;
}

describe.skipIf(!hasRedis)('Discord shards on two instances sharing Redis', () => {
  it('each instance answers its own shard, and the one taking a shard over continues its conversations', async () => {
    const discord = await startLocalDiscord({ shards: 2, guilds: 2 });
    const [home, away] = discord.guilds as [LocalGuild, LocalGuild];
    expect([shardOf(home.id, 2), shardOf(away.id, 2)]).toEqual([0, 1]);
    const running: RunningServices[] = [];
    try {
      running.push(await startInstance(discord, '0/2'), await startInstance(discord, '1/2'));
      await Promise.all([discord.shardReady(0), discord.shardReady(1)]);
      expect(discord.identifies.map((identify) => identify.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);

      let said = 0;
      /** Says `text` to the bot in a guild's channel; resolves with the items of the reply that follows. */
      const ask = async (guild: LocalGuild, text: string): Promise<ShownItem[]> => {
        const path = `/api/v10/channels/${guild.channelId}/messages`;
        const before = discord.find(new RegExp(`^POST ${path}$`)).length;
        // Message ids unique to this run too: the instances remember the ids they handled in Redis.
        const message = messageCreate(discord, shopper, `<@${discord.bot.id}> ${text}`, {
          guild,
          mentions: [discord.bot],
        });
        discord.dispatch('MESSAGE_CREATE', { ...message, id: `${shopper.id}${++said}` });
        const reply = await waitFor(
          () => discord.find(new RegExp(`^POST ${path}$`))[before],
          `the answer to "${text}"`,
          20_000,
        );
        const fields = ((reply.body?.embeds ?? []) as { fields?: { value: string }[] }[]).flatMap(
          (e) => e.fields ?? [],
        );
        return fields.map(({ value }) => {
          const [price, , articleType] = value.split('\n')[0]!.split(' · ');
          return { price: Number(price!.replace(/^€/, '')), articleType: articleType ?? '' };
        });
      };

      // The second guild's events arrive on shard 1: the second instance answers them.
      expect((await ask(away, 'show me dresses')).length).toBeGreaterThan(0);
      const shirts = await ask(home, 'show me shirts');
      expect(shirts.length).toBeGreaterThan(1);
      expect(new Set(shirts.map((item) => item.articleType))).toEqual(new Set(['shirt']));

      // Shard 0's instance is replaced; "cheaper" on its successor refines the list the old one showed.
      await running.shift()!.stop();
      running.push(await startInstance(discord, '0/2'));
      await discord.shardReady(0);
      const cheaper = await ask(home, 'cheaper');
      const prices = shirts.map((item) => item.price).sort((a, b) => a - b);
      const median = prices[Math.floor((prices.length - 1) / 2)]!;
      expect(cheaper.length).toBeGreaterThan(0);
      for (const item of cheaper) {
        expect(item.articleType).toBe('shirt');
        expect(item.price).toBeLessThan(median);
      }
    } finally {
      for (const services of running) await services.stop();
      await discord.stop();
    }
  }, 120_000);
});
