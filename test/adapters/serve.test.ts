import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.ts';
import { planServe } from '../../src/cli/serve.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const args = (...flags: string[]) => ({ positionals: [], flags: Object.fromEntries(flags.map((f) => [f, true])) });
const config = (env: Record<string, string> = {}) => loadConfig({ FASHION_HOME: '/tmp/fa-serve-plan', ...env });

describe('planServe', () => {
  it('runs the adapters whose tokens are set when no flag is given', () => {
    expect(planServe(args(), config({ TELEGRAM_BOT_TOKEN: '123:abc' }))).toEqual({
      telegram: true,
      discord: false,
      review: false,
    });
    expect(
      planServe(
        args('review'),
        config({ TELEGRAM_BOT_TOKEN: '123:abc', DISCORD_BOT_TOKEN: 'discord-token-x', DISCORD_APPLICATION_ID: '42' }),
      ),
    ).toEqual({ telegram: true, discord: true, review: true });
  });

  it('runs only the flagged adapters, and names the missing variable when a token is absent', () => {
    expect(
      planServe(
        args('discord'),
        config({ TELEGRAM_BOT_TOKEN: '123:abc', DISCORD_BOT_TOKEN: 'discord-token-x', DISCORD_APPLICATION_ID: '42' }),
      ),
    ).toEqual({
      telegram: false,
      discord: true,
      review: false,
    });
    expect(() => planServe(args('telegram'), config())).toThrow(ConfigError);
    expect(() => planServe(args('telegram'), config())).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => planServe(args('discord'), config({ DISCORD_BOT_TOKEN: 'discord-token-x' }))).toThrow(
      /DISCORD_APPLICATION_ID/,
    );
  });

  it('refuses to start with nothing to serve', () => {
    expect(() => planServe(args(), config())).toThrow(UsageError);
  });
});

describe('fashion-advisor serve (a real process)', () => {
  it('runs Telegram, Discord and the review console on one app, answers both chats, and exits 0 on SIGTERM', {
    timeout: 300_000,
  }, async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { startTelegramEmulator } = await import('../../bench/support/telegram-emulator.ts');
    const { startLocalDiscord, makeUser, messageCreate } = await import('./support/discord-server.ts');
    const { waitFor } = await import('./support/fixtures.ts');

    const emulator = await startTelegramEmulator();
    const discord = await startLocalDiscord();
    const home = mkdtempSync(path.join(os.tmpdir(), 'fa-serve-'));
    const child = spawn(process.execPath, ['bin/fashion-advisor.js', 'serve', '--review', '--port', '0'], {
      env: {
        ...process.env,
        FASHION_HOME: home,
        FASHION_CATALOGS: 'demo',
        LOG_LEVEL: 'warn',
        TELEGRAM_BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        DISCORD_BOT_TOKEN: 'local-discord-token.serve',
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_BASE: discord.apiBase,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(
        () =>
          /serving: telegram, discord, review \(review console: http:\/\/127\.0\.0\.1:\d+\), ready in \d+ ms/.test(
            stderr,
          ),
        'serve to start',
        90_000,
      );
      const client = emulator.server.getClient(emulator.token, { userId: 31, chatId: 31 });
      await client.sendMessage(client.makeMessage('hello'));
      discord.dispatch('MESSAGE_CREATE', messageCreate(discord, makeUser('kim'), 'hello', { channelId: '3131' }));
      await waitFor(() => emulator.server.storage.botMessages.length === 1, 'the Telegram answer', 20_000);
      await waitFor(
        () => discord.find(/^POST \/api\/v10\/channels\/3131\/messages$/).length === 1,
        'the Discord answer',
        20_000,
      );
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000)),
      ]);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emulator.stop();
      await discord.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
