/**
 * `fashion-advisor review [--port N] [--host H]` (the stylist console) and
 * `fashion-advisor stylist add NAME [--password-stdin] | remove NAME | sessions revoke NAME` (accounts).
 */
import type { Readable, Writable } from 'node:stream';
import { type Command, intFlag, printJson, stringFlag, UsageError } from '../cli/command.ts';
import type { Config } from '../config.ts';
import { openTurnLog } from '../log/index.ts';
import type { Logger, TrendService } from '../types.ts';
import { untilSignal } from '../util/async.ts';
import { systemClock } from '../util/random.ts';
import { AccountError, StylistAccounts } from './accounts.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';
import { startReviewServer } from './server.ts';

/** The trend predictor, when its module and artifacts are there; the console works without it. */
async function loadTrendService(config: Config, logger: Logger): Promise<TrendService | undefined> {
  const specifier = '../../models/trends/index.ts';
  try {
    const module = (await import(specifier)) as {
      loadTrends(config: Config, logger: Logger): Promise<TrendService>;
    };
    return await module.loadTrends(config, logger);
  } catch (error) {
    logger.info('trend predictor unavailable; the trends page shows log analytics only', {
      reason: (error as Error).message,
    });
    return undefined;
  }
}

/**
 * Starts the review console and serves until SIGINT/SIGTERM.
 * @example
 * // fashion-advisor review --port 8787
 */
export const review: Command = async (args, { config, logger, stderr }) => {
  if (args.positionals.length > 0) throw new UsageError(`review takes no arguments, got "${args.positionals[0]}"`);
  const port = intFlag(args, 'port', config.REVIEW_PORT);
  if (port > 65535) throw new UsageError('--port expects a port number (0–65535)');
  const log = await openTurnLog(config, logger);
  try {
    const trends = await loadTrendService(config, logger);
    const server = await startReviewServer({ log, config, logger, port, host: stringFlag(args, 'host'), trends });
    stderr.write(`review console: ${server.url}  (create accounts with: fashion-advisor stylist add NAME)\n`);
    await untilSignal();
    await server.close();
  } finally {
    await log.close();
  }
  return 0;
};

/** Reads all of a stream as text. */
async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text;
}

/** Prompts without echo on a terminal (raw mode); resolves at Enter. */
function promptHidden(
  question: string,
  stdin: Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => void },
  out: Writable,
) {
  return new Promise<string>((resolve, reject) => {
    out.write(question);
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      out.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    stdin.on('data', onData);
  });
}

async function readPassword(args: Parameters<Command>[0], stdin: Readable, stderr: Writable): Promise<string> {
  if (args.flags['password-stdin']) {
    const text = await readAll(stdin);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const tty = stdin as Readable & { isTTY?: boolean };
  if (!tty.isTTY) throw new UsageError('no terminal to ask for the password: pipe it in with --password-stdin');
  const first = await promptHidden('Password: ', stdin, stderr);
  const second = await promptHidden('Repeat password: ', stdin, stderr);
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

const STYLIST_USAGE = 'usage: stylist add NAME [--password-stdin] | stylist remove NAME | stylist sessions revoke NAME';

/** Runs `work` on the accounts of the log database, then closes it. */
async function withAccounts<T>(
  config: Config,
  logger: Logger,
  work: (accounts: StylistAccounts) => Promise<T>,
): Promise<T> {
  const log = await openTurnLog(config, logger, { scheduleRetention: false });
  try {
    return await work(new StylistAccounts(log.db, systemClock));
  } finally {
    await log.close();
  }
}

/**
 * Manages stylist accounts in the log database: creates one, removes one (ending its sessions), or ends all sessions
 * of one (a lost laptop). Removals and revocations are written to the audit log as done by `cli`.
 * @example
 * // printf '%s\n' 'a long passphrase' | fashion-advisor stylist add ada --password-stdin
 * // fashion-advisor stylist sessions revoke ada
 * // fashion-advisor stylist remove ada
 */
export const stylist: Command = async (args, context) => {
  const { config, logger, stdout, stderr } = context;
  const [action, ...rest] = args.positionals;
  if (action === 'add' && rest.length === 1 && rest[0] !== undefined) return addStylist(rest[0], args, context);
  const name = action === 'remove' && rest.length === 1 ? rest[0] : undefined;
  const revokeName = action === 'sessions' && rest[0] === 'revoke' && rest.length === 2 ? rest[1] : undefined;
  if (name !== undefined) {
    const removed = await withAccounts(config, logger, async (accounts) => {
      const sessions = await accounts.revokeSessions(name);
      const done = await accounts.remove(name);
      if (done) await accounts.audit('cli', 'stylist-removed', name, `${sessions ?? 0} session(s) ended`);
      return done ? sessions : undefined;
    });
    if (removed === undefined) {
      stderr.write(`fashion-advisor: no stylist named "${name}"\n`);
      return 1;
    }
    printJson(stdout, { stylist: name, removed: true, sessionsEnded: removed });
    return 0;
  }
  if (revokeName !== undefined) {
    const ended = await withAccounts(config, logger, async (accounts) => {
      const count = await accounts.revokeSessions(revokeName);
      if (count !== undefined) await accounts.audit('cli', 'sessions-revoked', revokeName, `${count} session(s) ended`);
      return count;
    });
    if (ended === undefined) {
      stderr.write(`fashion-advisor: no stylist named "${revokeName}"\n`);
      return 1;
    }
    printJson(stdout, { stylist: revokeName, sessionsEnded: ended });
    return 0;
  }
  throw new UsageError(STYLIST_USAGE);
};

/** `stylist add NAME`: creates an account with a password from the terminal or stdin. */
async function addStylist(
  name: string,
  args: Parameters<Command>[0],
  { config, logger, stdin, stdout, stderr }: Parameters<Command>[1],
): Promise<number> {
  const password = await readPassword(args, stdin, stderr);
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    stderr.write(`fashion-advisor: a password needs at least ${MIN_PASSWORD_LENGTH} characters; no account created\n`);
    return 1;
  }
  try {
    const created = await withAccounts(config, logger, (accounts) => accounts.add(name, password));
    printJson(stdout, { stylist: created.name, created: true });
    return 0;
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    stderr.write(`fashion-advisor: ${error.message}\n`);
    return 1;
  }
}
