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
    await expect(run(['rename', 'ada'], '')).rejects.toThrow(UsageError);
    await expect(run(['sessions', 'revoke'], '')).rejects.toThrow(UsageError);
    await expect(run(['add', 'ada', 'bob'], '')).rejects.toThrow(UsageError);
    await expect(run(['add', 'ada'], 'a long passphrase\n', {})).rejects.toThrow(/--password-stdin/);
  });
});

describe('stylist remove and sessions revoke', () => {
  it('ends every session of a stylist, then removes the account, and says when there is no such stylist', async () => {
    const home = tempHome();
    try {
      const config = testConfig(home.home);
      const call = async (positionals: string[], stdin = '') => {
        const stdout = sink();
        const stderr = sink();
        const code = await stylist(
          { positionals, flags: { 'password-stdin': true } },
          { config, logger: silentLogger, stdin: Readable.from([stdin]), stdout: stdout.stream, stderr: stderr.stream },
        );
        return { code, stdout: stdout.text(), stderr: stderr.text() };
      };
      expect((await call(['add', 'ada'], 'a long passphrase\n')).code).toBe(0);
      expect((await call(['add', 'bea'], 'another passphrase\n')).code).toBe(0);
      const log = await openTurnLog(config, silentLogger, { scheduleRetention: false });
      const accounts = new StylistAccounts(log.db, systemClock);
      const ada = (await accounts.authenticate('ada', 'a long passphrase'))!;
      const bea = (await accounts.authenticate('bea', 'another passphrase'))!;
      const tokens = [await accounts.startSession(ada), await accounts.startSession(ada)];
      const beaToken = await accounts.startSession(bea);

      const revoked = await call(['sessions', 'revoke', 'ada']);
      expect(revoked.code).toBe(0);
      expect(JSON.parse(revoked.stdout)).toEqual({ stylist: 'ada', sessionsEnded: 2 });
      for (const token of tokens) expect(await accounts.session(token)).toBeUndefined();
      expect(await accounts.session(beaToken)).toEqual(bea); // others stay signed in
      expect(await accounts.authenticate('ada', 'a long passphrase')).toEqual(ada); // the account stays

      const again = await accounts.startSession(ada);
      const removed = await call(['remove', 'ada']);
      expect(removed.code).toBe(0);
      expect(JSON.parse(removed.stdout)).toEqual({ stylist: 'ada', removed: true, sessionsEnded: 1 });
      expect(await accounts.session(again)).toBeUndefined();
      expect(await accounts.authenticate('ada', 'a long passphrase')).toBeUndefined();
      const audit = await log.db.all<{ stylist: string; action: string; target: string }>(
        'SELECT stylist, action, target FROM audit_log ORDER BY id',
      );
      expect(audit).toEqual([
        { stylist: 'cli', action: 'sessions-revoked', target: 'ada' },
        { stylist: 'cli', action: 'stylist-removed', target: 'ada' },
      ]);
      await log.close();

      for (const positionals of [
        ['remove', 'ada'],
        ['sessions', 'revoke', 'nobody'],
      ]) {
        const missing = await call(positionals);
        expect(missing.code).toBe(1);
        expect(missing.stderr).toMatch(/no stylist named/);
      }
    } finally {
      home.cleanup();
    }
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
