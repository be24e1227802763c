/**
 * `fashion-advisor chat [--user ID] [--json] [--train-missing]`: the terminal adapter's command (DESIGN §9);
 * `--train-missing` (what `npm start` runs) trains the models the data home lacks first.
 */
import os from 'node:os';
import { createInterface } from 'node:readline';
import { runTerminalChat } from '../../adapters/cli.ts';
import { createApp } from '../app.ts';
import { createLogger } from '../util/logger.ts';
import { type Command, stringFlag } from './command.ts';
import { trainMissingModels, untrainedHint } from './first-run.ts';

export const chat: Command = async (args, context) => {
  const json = args.flags.json === true;
  const userId = `cli:${stringFlag(args, 'user') ?? os.userInfo().username}`;
  // Interactive chat keeps the terminal for the conversation: only warnings unless LOG_LEVEL says otherwise.
  const logger =
    json || process.env.LOG_LEVEL
      ? context.logger
      : createLogger('warn', 'fashion-advisor', (l) => context.stderr.write(`${l}\n`));
  if (args.flags['train-missing'] === true) await trainMissingModels(context);
  else if (!json) {
    const hint = untrainedHint(context.config.home);
    if (hint) context.stderr.write(`${hint}\n`);
  }
  const app = await createApp(context.config, logger);
  try {
    const lines = createInterface({ input: context.stdin, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    await runTerminalChat({
      lines,
      out: context.stdout,
      handleTurn: app.handleTurn,
      userId,
      json,
      interactive: !json && Boolean((context.stdin as { isTTY?: boolean }).isTTY),
    });
  } finally {
    await app.close();
  }
  return 0;
};
