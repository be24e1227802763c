/** `fashion-advisor train recommender` and `fashion-advisor eval recommender` (DESIGN §9). */
import path from 'node:path';
import { type Command, intFlag, printJson, stringFlag, UsageError } from '../../src/cli/command.ts';
import { systemClock } from '../../src/util/random.ts';
import { initBackend } from '../backend.ts';
import { saveArtifacts } from './artifacts.ts';
import { evaluateRecommender } from './evaluate.ts';
import { evaluateFeedback, type FeedbackReport } from './feedback-eval.ts';
import { FEEDBACK_DAYS, FEEDBACK_FIT, fitFeedbackRanker, type SimulatedDay } from './feedback-fit.ts';
import { loadHybridData, snapshotOf } from './hybrid-data.ts';
import { DEFAULT_OPTIONS, fitHybrid } from './pipeline.ts';
import { progressBar } from './progress.ts';

function dataDirOf(args: Parameters<Command>[0], config: Parameters<Command>[1]['config']): string {
  const dir = stringFlag(args, 'data') ?? config.dataDir;
  if (!dir) throw new UsageError('no dataset directory: pass --data DIR or set FASHION_DATA_DIR (H&M files needed)');
  return path.resolve(dir);
}

/**
 * `train recommender [--data DIR] [--seed N]`: fits the hybrid model on every day of the H&M transactions and saves
 * the artifacts to `<FASHION_HOME>/recommender/` (the bot hot-loads them).
 * @example
 * fashion-advisor train recommender --data ../shared/data
 */
export const trainRecommender: Command = async (args, { config, logger, stderr }) => {
  const seed = intFlag(args, 'seed', DEFAULT_OPTIONS.seed);
  const backend = await initBackend(logger);
  const started = systemClock.now();
  const data = loadHybridData(dataDirOf(args, config));
  const lastDay = data.transactions.dates.length - 1;
  const hooks = {
    logger,
    clock: systemClock,
    progress: (stage: string, epochs: number) => progressBar(stderr, systemClock, stage, epochs),
  };
  const options = { ...DEFAULT_OPTIONS, seed };
  // the feedback ranker learns from the protocol simulated on the last days, each under a model of the days before it
  let feedback: Awaited<ReturnType<typeof fitFeedbackRanker>> | undefined;
  if (lastDay >= 2) {
    const days: SimulatedDay[] = [];
    for (let day = Math.max(2, lastDay + 1 - FEEDBACK_DAYS); day <= lastDay; day++) {
      const earlier = await fitHybrid(data, day - 1, options, hooks);
      const model = { ranker: earlier.ranker, vectors: earlier.vectors, dim: earlier.options.dim };
      days.push({ snapshot: snapshotOf(data, day), model });
    }
    feedback = await fitFeedbackRanker(data, days, { ...FEEDBACK_FIT, seed }, hooks);
  }
  const model = { ...(await fitHybrid(data, lastDay, options, hooks)), feedback: feedback?.weights };
  const seconds = (systemClock.now() - started) / 1000;
  const dir = await saveArtifacts(config.home, data, model, {
    backend: backend.name,
    seconds,
    trainedOn: data.transactions.dates,
    createdAt: new Date(systemClock.now()).toISOString(),
  });
  logger.info('recommender trained', {
    dir,
    backend: backend.name,
    seconds: Math.round(seconds),
    validation: model.validation,
    feedbackValidationMap: feedback?.map,
  });
  return 0;
};

/**
 * `eval recommender [--data DIR] [--json] [--seeds N]`: the temporal split (test day 2020-09-22), the model over
 * N seeds (default 3) against the baselines.
 * @example
 * fashion-advisor eval recommender --json
 */
export const evalRecommender: Command = async (args, { config, logger, stdout, stderr }) => {
  const count = intFlag(args, 'seeds', 3);
  if (count < 1) throw new UsageError('--seeds must be at least 1');
  const backend = await initBackend(logger);
  const data = loadHybridData(dataDirOf(args, config));
  const report = await evaluateRecommender(
    data,
    Array.from({ length: count }, (_, i) => i + 1),
    {
      logger,
      clock: systemClock,
      backend: backend.name,
      progress: (stage, epochs) => progressBar(stderr, systemClock, stage, epochs),
    },
  );
  if (args.flags.json) printJson(stdout, report);
  else {
    for (const [population, result] of Object.entries(report.populations)) {
      stdout.write(`${population} (n=${result.n})\n`);
      for (const [name, m] of Object.entries(result.methods)) {
        stdout.write(
          `  ${name.padEnd(24)} MAP@12 ${m['map@12'].toFixed(4)}  recall@12 ${m['recall@12'].toFixed(4)}  ndcg@12 ${m['ndcg@12'].toFixed(4)}\n`,
        );
      }
    }
  }
  return 0;
};

/** The text form of a feedback report: one line per method and population. */
function printFeedback(write: (text: string) => void, report: FeedbackReport): void {
  const sections = { ...report.populations, two_likes: report.two_likes };
  for (const [population, result] of Object.entries(sections)) {
    write(`${population} (n=${result.n})\n`);
    for (const [name, m] of Object.entries(result.methods))
      write(`  ${name.padEnd(40)} MAP@12 ${m['map@12'].toFixed(4)}  recall@12 ${m['recall@12'].toFixed(4)}\n`);
  }
  const d = report.dislike;
  write(
    `dislike (n=${d.n}): rank drop ${d.rank_drop.toFixed(1)}, item left the top ${report.k} ${(100 * d.item_dropped).toFixed(1)}%, with its near-duplicates ${(100 * d.near_duplicates_dropped).toFixed(1)}%\n`,
  );
}

/**
 * `eval feedback [--data DIR] [--json]`: one revealed 👍 on the H&M test day and the next list of 12, the model
 * with feedback against popularity, co-purchase and content neighbours and the model without feedback.
 * @example
 * fashion-advisor eval feedback --json
 */
export const evalFeedback: Command = async (args, { config, logger, stdout, stderr }) => {
  await initBackend(logger);
  const data = loadHybridData(dataDirOf(args, config));
  const report = await evaluateFeedback(data, {
    logger,
    clock: systemClock,
    progress: (stage, epochs) => progressBar(stderr, systemClock, stage, epochs),
  });
  if (args.flags.json) printJson(stdout, report);
  else printFeedback((text) => stdout.write(text), report);
  return 0;
};
