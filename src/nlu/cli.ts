/**
 * `fashion-advisor train nlu`, `eval nlu` and `eval simmc`.
 *
 * - `train nlu [--data DIR] [--extra FILE.jsonl] [--json]`: cross-validates to calibrate the confidence
 *   (softmax temperature, ask-instead-of-guess threshold), trains on all examples and saves
 *   `model.json` + `metrics.json` to `config.home/nlu/`.
 * - `eval nlu [--data DIR] [--extra FILE] [--folds N] [--no-peer] [--no-tagger] [--json]`: stratified k-fold
 *   cross-validation (the slot tagger trained in each fold unless `--no-tagger`),
 *   side by side with NLP.js (unless `--no-peer`), the same folds on noisy copies of the held-out utterances
 *   (`noise.ts`), slot F1 on the multi-constraint set `data/nlu-eval` (never trained on), and the dialogue acts
 *   on their labelled set `data/nlu/acts` (clean and noisy).
 * - `eval simmc [--split dev|devtest] [--extra FILE] [--json]`: SIMMC 2.0 fashion turns through the fixed mapping of
 *   `simmc-mapping.ts`; our parser and NLP.js are both trained in this run on the same project data.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Command,
  type CommandContext,
  intFlag,
  type ParsedArgs,
  printJson,
  stringFlag,
  UsageError,
} from '../cli/command.ts';
import { systemClock } from '../util/random.ts';
import { crossValidate } from './cross-validate.ts';
import { dataHash, type Example, loadExamples, loadJsonlExamples } from './data.ts';
import { evaluateDialogueActs } from './dialogue-acts-eval.ts';
import { evaluateMultiConstraint } from './evaluate.ts';
import { ACTS_DATA_DIR, BUNDLED_DATA_DIR, EVAL_DATA_DIR, modelPath } from './index.ts';
import { NluParser } from './parser.ts';
import { evaluateSimmc, readSimmc } from './simmc.ts';
import { trainParser } from './train.ts';

/** The examples a command works on: `--data DIR` (default: the bundled `data/nlu`) plus `--extra FILE`. */
function examplesFrom(args: ParsedArgs, context: CommandContext): Example[] {
  const dataFlag = stringFlag(args, 'data');
  const dir = dataFlag && existsSync(path.join(dataFlag, 'en')) ? path.resolve(dataFlag) : BUNDLED_DATA_DIR;
  const examples = loadExamples(dir);
  const extra = stringFlag(args, 'extra');
  if (extra) {
    let content: string;
    try {
      content = readFileSync(extra, 'utf8');
    } catch (error) {
      throw new UsageError(`--extra: cannot read ${extra} (${(error as Error).message})`);
    }
    const added = loadJsonlExamples(content, path.basename(extra));
    context.logger.info('nlu: extra training examples', { file: extra, examples: added.length });
    examples.push(...added);
  }
  return examples;
}

const progress = (context: CommandContext) => (message: string) => context.stderr.write(`${message}\n`);

/**
 * Trains the parser and saves it with its cross-validated metrics.
 * @example
 * fashion-advisor train nlu --extra reviewed.jsonl
 */
export const trainNlu: Command = async (args, context) => {
  const examples = examplesFrom(args, context);
  const hash = dataHash(examples);
  context.stderr.write(`nlu: ${examples.length} examples (data ${hash}); cross-validating to calibrate…\n`);
  const report = await crossValidate(examples, { folds: 5, peer: false, progress: progress(context) });
  const started = performance.now();
  const model = await trainParser(examples, {
    temperature: report.calibration.temperature,
    threshold: report.calibration.threshold,
    dataHash: hash,
    progress: progress(context),
  });
  model.trainedAt = new Date(systemClock.now()).toISOString();
  const metrics = {
    examples: examples.length,
    data_hash: hash,
    macro_f1: report.macro_f1,
    accuracy: report.accuracy,
    languages: report.languages,
    slots: report.slots,
    calibration: report.calibration,
    per_intent: report.per_intent,
    train_seconds: Math.round(performance.now() - started) / 1000,
  };
  model.metrics = metrics;
  const file = modelPath(context.config.home);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(model));
  writeFileSync(path.join(path.dirname(file), 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  context.logger.info('nlu: model saved', { file, macro_f1: report.macro_f1, threshold: model.threshold });
  if (args.flags.json) printJson(context.stdout, { model: file, ...metrics });
  else {
    context.stdout.write(
      `saved ${file}\n5-fold macro-F1 ${report.macro_f1} (en ${report.languages.en.macro_f1}, zh ${report.languages.zh.macro_f1}), ` +
        `slot F1 ${report.slots.f1}, temperature ${model.classifier.temperature}, threshold ${model.threshold}\n`,
    );
  }
  return 0;
};

/**
 * Cross-validates the parser and NLP.js on the project's own data.
 * @example
 * fashion-advisor eval nlu --json
 */
export const evalNlu: Command = async (args, context) => {
  const examples = examplesFrom(args, context);
  const folds = intFlag(args, 'folds', 5);
  if (folds < 2) throw new UsageError('--folds must be at least 2');
  const tagger = !args.flags['no-tagger'];
  const cv = await crossValidate(examples, {
    folds,
    peer: !args.flags['no-peer'],
    tagger,
    progress: progress(context),
  });
  const parser = new NluParser(await trainParser(examples, { dataHash: dataHash(examples), tagger }));
  const report = {
    ...cv,
    multi_constraint: evaluateMultiConstraint(parser, loadExamples(EVAL_DATA_DIR)),
    dialogue_acts: evaluateDialogueActs(parser, loadExamples(ACTS_DATA_DIR)),
  };
  if (args.flags.json) {
    printJson(context.stdout, report);
    return 0;
  }
  const out = context.stdout;
  const { noisy, multi_constraint: multi } = report;
  out.write(`${folds}-fold cross-validation on ${report.examples} utterances\n`);
  out.write(
    `macro-F1 ${report.macro_f1}  accuracy ${report.accuracy}  slot F1 ${report.slots.f1} ` +
      `(without the new slots the older annotations lack: ${report.slots_original_schema.f1})\n`,
  );
  out.write(
    `noisy copies: macro-F1 ${noisy.macro_f1} (drop ${noisy.macro_f1_drop}; en ${noisy.languages.en.macro_f1}, ` +
      `zh ${noisy.languages.zh.macro_f1})  slot F1 ${noisy.slots.f1}\n`,
  );
  out.write(
    `multi-constraint (${multi.examples} utterances, 3+ slots): slot F1 ${multi.slots.f1} ` +
      `(en ${multi.languages.en.f1}, zh ${multi.languages.zh.f1})\n`,
  );
  const acts = report.dialogue_acts;
  out.write(
    `dialogue acts (${acts.examples} utterances): F1 ${acts.acts.f1} (en ${acts.languages.en.f1}, ` +
      `zh ${acts.languages.zh.f1})  noisy copies F1 ${acts.noisy.f1}\n`,
  );
  for (const [language, r] of Object.entries(report.languages)) {
    out.write(`  ${language}: macro-F1 ${r.macro_f1}  accuracy ${r.accuracy}  (${r.examples} utterances)\n`);
  }
  for (const [intent, r] of Object.entries(report.per_intent)) {
    out.write(`  ${intent.padEnd(18)} P ${r.precision.toFixed(3)}  R ${r.recall.toFixed(3)}  F1 ${r.f1.toFixed(3)}\n`);
  }
  const peer = report.peer.nlpjs;
  out.write(
    'skipped' in peer ? `NLP.js: ${peer.skipped}\n` : `NLP.js macro-F1 ${peer.macro_f1}  accuracy ${peer.accuracy}\n`,
  );
  out.write(`calibration: ${JSON.stringify(report.calibration)}\n`);
  return 0;
};

/**
 * Scores the parser on SIMMC 2.0 fashion user turns, side by side with NLP.js.
 * @example
 * fashion-advisor eval simmc --split devtest --json
 */
export const evalSimmc: Command = async (args, context) => {
  const split = stringFlag(args, 'split') ?? 'devtest';
  if (split !== 'dev' && split !== 'devtest') throw new UsageError('--split expects dev or devtest');
  const turns = readSimmc(context.config.benchDir, split);
  const examples = examplesFrom(args, context);
  context.stderr.write(
    `simmc ${split}: ${turns.length} turns; training both parsers on ${examples.length} examples…\n`,
  );
  const parser = new NluParser(await trainParser(examples, { dataHash: dataHash(examples) }));
  const report = await evaluateSimmc(parser, turns, split, examples);
  if (args.flags.json) {
    printJson(context.stdout, report);
    return 0;
  }
  const out = context.stdout;
  out.write(`SIMMC 2.0 fashion ${split}: ${report.turns} turns\n`);
  out.write(`act accuracy ${report.act.accuracy}  macro-F1 ${report.act.macro_f1}\n`);
  out.write(`slots (text-present) F1 ${report.slots.text_present.f1}  (all) F1 ${report.slots.all.f1}\n`);
  out.write(`request slots F1 ${report.request_slots.f1}  ${report.per_second} turns/s\n`);
  const peer = report.peer.nlpjs;
  out.write(
    'skipped' in peer
      ? `NLP.js: ${peer.skipped}\n`
      : `NLP.js act accuracy ${peer.act.accuracy}  macro-F1 ${peer.act.macro_f1}  ${peer.per_second} turns/s\n`,
  );
  return 0;
};
