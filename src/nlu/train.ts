/**
 * Training the whole parser: the intent classifier (`parser.ts`, a second or two) and, unless told not to, the learned
 * slot tagger (`neural-train.ts`, TensorFlow.js, about ten CPU-seconds for the bundled data).
 */
import type { Example } from './data.ts';
import { SpellingCorrector } from './matcher.ts';
import { trainNeural } from './neural-train.ts';
import { type NluModel, trainModel } from './parser.ts';

/** Options of `trainParser`: those of `trainModel`, whether to train the tagger, and a progress callback. */
export interface ParserTrainOptions {
  seed?: number;
  temperature?: number;
  threshold?: number;
  dataHash?: string;
  /** Train the learned slot tagger too (default true). */
  tagger?: boolean;
  progress?: (message: string) => void;
}

/** Epochs and chat-typed variants per utterance for the tagger: more of either did not raise slot F1. */
const TAGGER_EPOCHS = 3;
const TAGGER_VARIANTS = 1;

/**
 * Trains the intent classifier and the slot tagger on the same examples.
 * @example
 * const model = await trainParser(loadExamples('data/nlu'), { dataHash: 'abc' });
 */
export async function trainParser(examples: readonly Example[], options: ParserTrainOptions = {}): Promise<NluModel> {
  const model = trainModel(examples, options);
  if (options.tagger === false) return model;
  model.tagger = await trainNeural(examples, new SpellingCorrector(), {
    seed: options.seed,
    epochs: TAGGER_EPOCHS,
    variants: TAGGER_VARIANTS,
    progress: options.progress,
  });
  return model;
}
