/**
 * The first run (`npm start`, i.e. `chat --train-missing`): the models the data home lacks are trained before the
 * chat starts, with one line of what is happening and one progress line per model; the trainers' own output goes to
 * a log file in the data home. Without the flag, a chat on untrained models says how to train them.
 */
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../util/logger.ts';
import type { CommandContext } from './command.ts';
import { TRAIN } from './train-targets.ts';

/** A model the bot serves trained when its artifact is in the data home. */
export interface TrainingStep {
  /** The `train` target. */
  name: string;
  /** What it is, for the shopper-facing progress line. */
  label: string;
  /** The artifact whose presence means "trained", relative to the data home. */
  artifact: string;
}

/** Every model, in the order `train all` runs them. */
export const TRAINING_STEPS: readonly TrainingStep[] = [
  { name: 'nlu', label: 'the intent parser', artifact: 'nlu/model.json' },
  { name: 'recommender', label: 'the recommender', artifact: 'recommender/metadata.json' },
  { name: 'trends', label: 'the trend predictor', artifact: 'trends/meta.json' },
  { name: 'outfits', label: 'the outfit compatibility model', artifact: 'outfits/compatibility.json' },
];

/**
 * The steps whose artifact is missing from `home`.
 * @example
 * missingModels('/tmp/empty-home').map((s) => s.name); // ['nlu', 'recommender', 'trends', 'outfits']
 */
export function missingModels(home: string, steps: readonly TrainingStep[] = TRAINING_STEPS): TrainingStep[] {
  return steps.filter((step) => !existsSync(path.join(home, step.artifact)));
}

/** Runs one `train` target with the given context; resolves to its exit code. */
export type Trainer = (name: string, context: CommandContext) => Promise<number>;

const trainWithRegistry: Trainer = async (name, context) => {
  const entry = TRAIN[name];
  if (!entry) throw new Error(`no train target ${name}`);
  return (await entry.load())({ positionals: [], flags: {} }, context);
};

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Trains the missing models, one after the other, each failure reported and skipped (the bot then serves that
 * part's untrained baseline). Resolves to the names of the models trained.
 * @example
 * await trainMissingModels(context); // "first run: training 4 models … [1/4] the intent parser … done in 14 s"
 */
export async function trainMissingModels(
  context: CommandContext,
  options: { steps?: readonly TrainingStep[]; train?: Trainer; now?: () => number } = {},
): Promise<string[]> {
  const { home } = context.config;
  const missing = missingModels(home, options.steps);
  if (missing.length === 0) return [];
  const train = options.train ?? trainWithRegistry;
  const now = options.now ?? Date.now;
  mkdirSync(home, { recursive: true });
  const logFile = path.join(home, 'first-run.log');
  // Written synchronously: nothing is left in flight when a trainer ends or the process does.
  const fd = openSync(logFile, 'a');
  const toFile = (text: string | Uint8Array) => void writeSync(fd, typeof text === 'string' ? Buffer.from(text) : text);
  const toLog = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      toFile(chunk);
      done();
    },
  });
  const quiet: CommandContext = {
    ...context,
    stdout: toLog,
    stderr: toLog,
    logger: createLogger(context.config.LOG_LEVEL, 'first-run', (line) => toFile(`${line}\n`)),
  };
  const out = context.stderr;
  out.write(
    `First run: training ${missing.length} missing model${missing.length > 1 ? 's' : ''} from the datasets in ` +
      `${context.config.dataDir ?? '(no data directory)'} before the chat starts (a few minutes, once). ` +
      `Details: ${logFile}\n`,
  );
  const trained: string[] = [];
  try {
    for (const [i, step] of missing.entries()) {
      out.write(`  [${i + 1}/${missing.length}] training ${step.label} … `);
      const started = now();
      let code: number;
      try {
        code = await train(step.name, quiet);
      } catch (error) {
        toFile(`${step.name}: ${(error as Error).stack ?? error}\n`);
        code = 1;
      }
      if (code === 0) trained.push(step.name);
      out.write(
        code === 0
          ? `done in ${seconds(now() - started)}\n`
          : `failed (see the log); the bot uses its untrained ${step.label}\n`,
      );
    }
  } finally {
    closeSync(fd);
  }
  return trained;
}

/**
 * One line for a chat that starts on untrained models, or undefined when every model is trained.
 * @example
 * untrainedHint('/tmp/empty-home'); // 'Untrained: the intent parser, … Run `npm start` or `fashion-advisor train all` …'
 */
export function untrainedHint(home: string): string | undefined {
  const missing = missingModels(home);
  if (missing.length === 0) return undefined;
  return (
    `Note: ${missing.map((step) => step.label).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not trained yet, ` +
    'so answers come from simple baselines. Run `npm start` (trains what is missing first) or ' +
    '`fashion-advisor train all`.'
  );
}
