/**
 * Where each sub-command lives. Modules are imported lazily so that `chat` never loads TensorFlow.js
 * and `parse` never opens a database.
 */
import type { Command } from './command.ts';

type Loader = () => Promise<Command>;

/** `fashion-advisor <command>` */
export const COMMANDS: Record<string, Loader> = {
  chat: () => import('./chat.ts').then((m) => m.chat),
  parse: () => import('./parse.ts').then((m) => m.parse),
  serve: () => import('./serve.ts').then((m) => m.serve),
  review: () => import('../review/cli.ts').then((m) => m.review),
  stylist: () => import('../review/cli.ts').then((m) => m.stylist),
  experiments: () => import('../experiments/cli.ts').then((m) => m.experiments),
};

/** `fashion-advisor train <target>` (`all` runs every target in this order). */
export const TRAIN: Record<string, Loader> = {
  nlu: () => import('../nlu/cli.ts').then((m) => m.trainNlu),
  recommender: () => import('../../models/recommender/cli.ts').then((m) => m.trainRecommender),
  trends: () => import('../../models/trends/cli.ts').then((m) => m.trainTrends),
  outfits: () => import('../outfits/cli.ts').then((m) => m.trainOutfits),
};

/** `fashion-advisor eval <target>` */
export const EVAL: Record<string, Loader> = {
  nlu: () => import('../nlu/cli.ts').then((m) => m.evalNlu),
  simmc: () => import('../nlu/cli.ts').then((m) => m.evalSimmc),
  recommender: () => import('../../models/recommender/cli.ts').then((m) => m.evalRecommender),
  outfits: () => import('../outfits/cli.ts').then((m) => m.evalOutfits),
  trends: () => import('../../models/trends/cli.ts').then((m) => m.evalTrends),
};

/** `fashion-advisor bench <name>` (default `turns`). */
export const BENCH: Record<string, Loader> = {
  turns: () => import('../../bench/turns.ts').then((m) => m.benchTurns),
  catalog: () => import('../../bench/catalog.ts').then((m) => m.benchCatalog),
  nlu: () => import('../../bench/nlu.ts').then((m) => m.benchNlu),
  recommender: () => import('../../bench/recommender.ts').then((m) => m.benchRecommender),
  outfits: () => import('../../bench/outfits.ts').then((m) => m.benchOutfits),
  review: () => import('../../bench/review.ts').then((m) => m.benchReview),
  load: () => import('../../bench/load.ts').then((m) => m.benchLoad),
  faults: () => import('../../bench/faults.ts').then((m) => m.benchFaults),
};
