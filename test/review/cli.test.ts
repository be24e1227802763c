import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { StylistAccounts } from '../../src/review/accounts.ts';
import { stylist } from '../../src/review/cli.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { systemClock } from '../../src/util/random.ts';
import { tempHome, testConfig } from '../log/fixtures.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('stylist add', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function run(
    positionals: string[],
    stdin: string,
    flags: Record<string, boolean> = { 'password-stdin': true },
  ) {
    const home = tempHome();
    cleanup = home.cleanup;
    const config = testConfig(home.home);
    const stdout = sink();
    const stderr = sink();
    const code = await stylist(
      { positionals, flags },
      { config, logger: silentLogger, stdin: Readable.from([stdin]), stdout: stdout.stream, stderr: stderr.stream },
    );
    return { code, stdout: stdout.text(), stderr: stderr.text(), config };
  }

  it('creates an account from a password on stdin that can then log in', async () => {
    const { code, stdout, config } = await run(['add', 'ada'], 'a long passphrase\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ stylist: 'ada', created: true });
    const log = await openTurnLog(config, silentLogger, { scheduleRetention: false });
    const accounts = new StylistAccounts(log.db, systemClock);
    expect(await accounts.authenticate('ada', 'a long passphrase')).toMatchObject({ name: 'ada' });
    expect(await accounts.authenticate('ada', 'a long passphrase\n')).toBeUndefined();
    await log.close();
  });

  it('refuses a short password, a bad command line and a missing terminal', async () => {
    const short = await run(['add', 'ada'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    await expect(run(['remove', 'ada'], '')).rejects.toThrow(UsageError);
    await expect(run(['add', 'ada'], 'a long passphrase\n', {})).rejects.toThrow(/--password-stdin/);
  });
});

describe('review command', () => {
  it('serves the console until SIGTERM, then exits cleanly', async () => {
    const { spawn } = await import('node:child_process');
    const home = tempHome();
    try {
      const child = spawn(process.execPath, ['bin/fashion-advisor.js', 'review', '--port', '0'], {
        env: { ...process.env, FASHION_HOME: home.home, LOG_LEVEL: 'warn', DATABASE_URL: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 60 s: ${stderr}`)), 60_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /review console: (http:\/\/\S+)/.exec(stderr);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early (${code}): ${stderr}`)));
      });
      const login = await fetch(`${url}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('Stylist log in');
      expect((await fetch(`${url}/conversations`, { redirect: 'manual' })).status).toBe(303);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      home.cleanup();
    }
  });
});
