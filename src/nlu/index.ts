/**
 * The NLU entry points: `createParser` (synchronous; trains in memory from the bundled `data/nlu` unless given a
 * saved model) and `loadParser` (loads `config.home/nlu/model.json` when present).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readJsonSnapshot } from '../catalog/json-snapshot.ts';
import { type Config, projectRoot } from '../config.ts';
import type { IntentParser, Logger } from '../types.ts';
import { loadExamples } from './data.ts';
import { buildParser, type NluModel, type NluParser } from './parser.ts';

export { type NluModel, NluParser, PARSER_VERSION } from './parser.ts';
export type { NluSlots } from './slots.ts';

/** Where the bundled labelled utterances live. */
export const BUNDLED_DATA_DIR = path.join(projectRoot, 'data', 'nlu');

/** Labelled utterances kept for evaluation only (the multi-constraint set): never trained on. */
export const EVAL_DATA_DIR = path.join(projectRoot, 'data', 'nlu-eval');

/** Labelled dialogue acts ("surprise me", "more", "the cheapest"), scored by `eval nlu`; not trained on. */
export const ACTS_DATA_DIR = path.join(projectRoot, 'data', 'nlu', 'acts');

/** The saved model's path under a data home. */
export function modelPath(home: string): string {
  return path.join(home, 'nlu', 'model.json');
}

let bundled: NluModel | undefined;

/**
 * A ready parser. Without a model it trains on the bundled utterances (a few hundred milliseconds, cached per process).
 * @example
 * const parser = createParser();
 * parser.parse('I need an outfit for a summer wedding, I\'m a man').intent; // 'outfit_request'
 */
export function createParser(options: { model?: NluModel } = {}): IntentParser & NluParser {
  if (options.model) return buildParser({ model: options.model });
  if (!bundled) bundled = buildParser({ examples: loadExamples(BUNDLED_DATA_DIR) }).model;
  return buildParser({ model: bundled });
}

/**
 * Reads and checks a saved model file; with a data home, through its snapshot there (`readJsonSnapshot`), which
 * reads back faster than the JSON parses.
 */
export function readModel(file: string, home?: string): NluModel {
  const model = (home ? readJsonSnapshot(file, home, 'nlu-model') : JSON.parse(readFileSync(file, 'utf8'))) as NluModel;
  if (!model?.classifier?.labels || typeof model.threshold !== 'number') {
    throw new Error(`readModel: ${file} is not an NLU model (missing classifier or threshold)`);
  }
  return model;
}

/**
 * Loads the trained model from the data home when present, else trains in memory from the bundled data.
 * A corrupt model file is logged and ignored.
 * @example
 * const parser = await loadParser(config, logger);
 */
export async function loadParser(config: Config, logger: Logger): Promise<IntentParser> {
  const file = modelPath(config.home);
  if (existsSync(file)) {
    try {
      const parser = createParser({ model: readModel(file, config.home) });
      logger.info('nlu: loaded trained model', { file, version: parser.version, threshold: parser.threshold });
      return parser;
    } catch (error) {
      logger.warn('nlu: cannot load the trained model, training from the bundled data instead', {
        file,
        error: (error as Error).message,
      });
    }
  } else {
    logger.info('nlu: no trained model, training in memory from the bundled data', { file });
  }
  return createParser();
}
