/** `fashion-advisor`: the command line (DESIGN §9). */
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../util/logger.ts';
import { parseArgs } from './args.ts';
import { type Command, type CommandContext, UsageError } from './command.ts';
import { BENCH, COMMANDS, EVAL, TRAIN } from './registry.ts';

const USAGE = `usage: fashion-advisor <command>

  chat [--user ID] [--json]                 terminal chat (--json: one JSON reply per input line)
  parse [--json]                            NLU only, one utterance per line
  serve [--telegram] [--discord] [--review] run the chat adapters (default: those whose tokens are set)
  train <nlu|recommender|trends|all> [--data DIR]
  eval <nlu|simmc|recommender|outfits|trends> [--data DIR] [--json]
  bench [${Object.keys(BENCH).join('|')}] [--json]
  review [--port N]                         stylist console
  stylist add NAME [--password-stdin]       create a stylist account
  experiments report [--json]               A/B experiment results

Environment: see README.md (FASHION_DATA_DIR, FASHION_HOME, TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN, REDIS_URL, DATABASE_URL, …).`;

/** Resolves the command words to a command and the remaining arguments. */
function resolve(positionals: string[]): { load: () => Promise<Command>; rest: string[] } {
  const [word, target, ...rest] = positionals;
  if (word === undefined) throw new UsageError('no command given');
  const grouped = { train: TRAIN, eval: EVAL, bench: BENCH } as const;
  if (word in grouped) {
    const table = grouped[word as keyof typeof grouped];
    const name = target ?? (word === 'bench' ? 'turns' : undefined);
    if (word === 'train' && name === 'all') {
      return { load: async () => trainAll, rest };
    }
    if (name === undefined || !(name in table)) {
      throw new UsageError(
        `${word} expects one of: ${Object.keys(table).join(', ')}${word === 'train' ? ', all' : ''}`,
      );
    }
    return { load: table[name]!, rest };
  }
  const load = COMMANDS[word];
  if (!load) throw new UsageError(`unknown command "${word}"`);
  return { load, rest: positionals.slice(1) };
}

const trainAll: Command = async (args, context) => {
  for (const name of Object.keys(TRAIN)) {
    context.stderr.write(`── train ${name} ──\n`);
    const code = await (await TRAIN[name]!())(args, context);
    if (code !== 0) return code;
  }
  return 0;
};

/**
 * Runs the command line and resolves to the exit code. Errors are printed once, without a stack trace
 * unless LOG_LEVEL=debug.
 * @example
 * process.exitCode = await main(['parse', '--json']);
 */
export async function main(argv: string[], io: Partial<Pick<CommandContext, 'stdin' | 'stdout' | 'stderr'>> = {}) {
  const stderr = io.stderr ?? process.stderr;
  const parsed = parseArgs(argv);
  if (parsed.flags.help || parsed.positionals[0] === 'help') {
    (io.stdout ?? process.stdout).write(`${USAGE}\n`);
    return 0;
  }
  try {
    const config = loadConfig();
    const { load, rest } = resolve(parsed.positionals);
    const command = await load();
    const logger = createLogger(config.LOG_LEVEL, 'fashion-advisor', (line) => stderr.write(`${line}\n`));
    return await command(
      { positionals: rest, flags: parsed.flags },
      {
        config,
        logger,
        stdin: io.stdin ?? process.stdin,
        stdout: io.stdout ?? process.stdout,
        stderr,
      },
    );
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`fashion-advisor: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      stderr.write(`fashion-advisor: ${error.message}\n`);
      return 78;
    }
    const err = error as Error;
    stderr.write(`fashion-advisor: ${err.message}\n`);
    if (process.env.LOG_LEVEL === 'debug') stderr.write(`${err.stack}\n`);
    return 1;
  }
}
