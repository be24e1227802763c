/**
 * `fashion-advisor review [--port N] [--host H]` (the stylist console) and
 * `fashion-advisor stylist add NAME [--password-stdin]` (accounts).
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

/**
 * Creates a stylist account in the log database.
 * @example
 * // printf '%s\n' 'a long passphrase' | fashion-advisor stylist add ada --password-stdin
 */
export const stylist: Command = async (args, { config, logger, stdin, stdout, stderr }) => {
  const [action, name, ...rest] = args.positionals;
  if (action !== 'add' || !name || rest.length > 0) throw new UsageError('usage: stylist add NAME [--password-stdin]');
  const password = await readPassword(args, stdin, stderr);
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    stderr.write(`fashion-advisor: a password needs at least ${MIN_PASSWORD_LENGTH} characters; no account created\n`);
    return 1;
  }
  const log = await openTurnLog(config, logger, { scheduleRetention: false });
  try {
    const created = await new StylistAccounts(log.db, systemClock).add(name, password);
    printJson(stdout, { stylist: created.name, created: true });
    return 0;
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    stderr.write(`fashion-advisor: ${error.message}\n`);
    return 1;
  } finally {
    await log.close();
  }
};
