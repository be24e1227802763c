/** `fashion-advisor`: the command line (DESIGN §9). */
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../util/logger.ts';
import { commandHelp, parseCommandArgs } from './args.ts';
import { type CommandContext, UsageError } from './command.ts';
import { BENCH, COMMANDS, type CommandEntry, EVAL, TRAIN } from './registry.ts';

const USAGE = `usage: fashion-advisor <command>

  chat [--user ID] [--json]                 terminal chat (--json: one JSON reply per input line)
  parse [--json]                            NLU only, one utterance per line
  serve [--telegram] [--discord] [--review] run the chat adapters (default: those whose tokens are set)
  train <nlu|recommender|trends|outfits|all> [--data DIR]
  eval <${Object.keys(EVAL).join('|')}> [--data DIR] [--json]
  bench [${Object.keys(BENCH).join('|')}] [--json]
  review [--port N]                         stylist console
  stylist add NAME [--password-stdin]       create a stylist account
  stylist remove NAME                       delete a stylist account and end its sessions
  stylist sessions revoke NAME              end every console session of a stylist
  experiments report [--json]               A/B experiment results

Each command's flags: fashion-advisor COMMAND --help (e.g. fashion-advisor bench load --help).
Environment: see README.md (FASHION_DATA_DIR, FASHION_HOME, TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN, REDIS_URL, DATABASE_URL, …).`;

/** Resolves the command words to a command entry, its path (`eval nlu`) and the words after it. */
function resolve(argv: string[]): { entry: CommandEntry; path: string; rest: string[] } {
  const [word, target] = argv;
  if (word === undefined || word.startsWith('-')) throw new UsageError('no command given');
  const grouped = { train: TRAIN, eval: EVAL, bench: BENCH } as const;
  if (word in grouped) {
    const table: Record<string, CommandEntry> = grouped[word as keyof typeof grouped];
    const named = target !== undefined && !target.startsWith('-');
    const name = named ? target : word === 'bench' ? 'turns' : undefined;
    const rest = argv.slice(named ? 2 : 1);
    if (word === 'train' && name === 'all') return { entry: trainAll, path: 'train all', rest };
    const entry = name === undefined ? undefined : table[name];
    if (!entry) {
      throw new UsageError(
        `${word} expects one of: ${Object.keys(table).join(', ')}${word === 'train' ? ', all' : ''}`,
      );
    }
    return { entry, path: `${word} ${name}`, rest };
  }
  const entry = COMMANDS[word];
  if (!entry) throw new UsageError(`unknown command "${word}"`);
  return { entry, path: word, rest: argv.slice(1) };
}

const trainAll: CommandEntry = {
  summary: 'train every model in turn',
  flags: Object.assign({}, ...Object.values(TRAIN).map((entry) => entry.flags)),
  load: async () => async (args, context) => {
    for (const [name, entry] of Object.entries(TRAIN)) {
      context.stderr.write(`── train ${name} ──\n`);
      const known = Object.fromEntries(Object.entries(args.flags).filter(([flag]) => flag in entry.flags));
      const code = await (await entry.load())({ ...args, flags: known }, context);
      if (code !== 0) return code;
    }
    return 0;
  },
};

/**
 * Runs the command line and resolves to the exit code. Errors are printed once, without a stack trace
 * unless LOG_LEVEL=debug.
 * @example
 * process.exitCode = await main(['parse', '--json']);
 */
export async function main(argv: string[], io: Partial<Pick<CommandContext, 'stdin' | 'stdout' | 'stderr'>> = {}) {
  const stderr = io.stderr ?? process.stderr;
  const stdout = io.stdout ?? process.stdout;
  if (argv[0] === 'help' || argv[0] === '--help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  let help = USAGE;
  try {
    const { entry, path, rest } = resolve(argv);
    help = commandHelp(path, entry);
    const args = parseCommandArgs(rest, entry.flags);
    if (args.flags.help) {
      stdout.write(`${help}\n`);
      return 0;
    }
    const config = loadConfig();
    const command = await entry.load();
    const logger = createLogger(config.LOG_LEVEL, 'fashion-advisor', (line) => stderr.write(`${line}\n`));
    return await command(args, {
      config,
      logger,
      stdin: io.stdin ?? process.stdin,
      stdout,
      stderr,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`fashion-advisor: ${error.message}\n\n${help}\n`);
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
