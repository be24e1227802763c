/**
 * Where each sub-command lives, what it does and which flags it takes. Modules are imported lazily so that
 * `chat` never loads TensorFlow.js and `parse` never opens a database.
 */
import { FLAGS } from './args.ts';
import type { CommandEntry } from './entry.ts';

export type { CommandEntry } from './entry.ts';
export { TRAIN } from './train-targets.ts';

const { json, data, seed, turns, users, queries, requests, port, cold } = FLAGS;

/** `fashion-advisor <command>` */
export const COMMANDS: Record<string, CommandEntry> = {
  chat: {
    load: () => import('./chat.ts').then((m) => m.chat),
    summary: 'terminal chat; with --json one JSON reply per input line',
    flags: {
      user: { type: 'string', description: 'user id (default: your login name)' },
      json,
      'train-missing': { type: 'boolean', description: 'first train the models the data home lacks (npm start)' },
    },
  },
  parse: {
    load: () => import('./parse.ts').then((m) => m.parse),
    summary: 'the intent parser alone, one utterance per input line',
    flags: { json },
  },
  serve: {
    load: () => import('./serve.ts').then((m) => m.serve),
    summary: 'run the chat adapters (default: those whose tokens are set)',
    flags: {
      telegram: { type: 'boolean', description: 'the Telegram adapter' },
      discord: { type: 'boolean', description: 'the Discord adapter' },
      review: { type: 'boolean', description: 'the stylist console' },
      port,
    },
  },
  review: {
    load: () => import('../review/cli.ts').then((m) => m.review),
    summary: 'the stylist console',
    flags: { port, host: { type: 'string', description: 'address to listen on (127.0.0.1)' } },
  },
  stylist: {
    load: () => import('../review/cli.ts').then((m) => m.stylist),
    summary: 'stylist accounts',
    args: 'add NAME',
    flags: { 'password-stdin': { type: 'boolean', description: 'read the password from standard input' } },
  },
  replay: {
    load: () => import('./replay.ts').then((m) => m.replay),
    summary: 'a logged conversation turn by turn: parse, action, state events, reply (stylists, developers)',
    args: 'CONVERSATION',
    flags: { json },
  },
  experiments: {
    load: () => import('../experiments/cli.ts').then((m) => m.experiments),
    summary: 'A/B experiment results',
    args: 'report',
    flags: { json },
  },
};

/** `fashion-advisor eval <target>` */
export const EVAL: Record<string, CommandEntry> = {
  nlu: {
    load: () => import('../nlu/cli.ts').then((m) => m.evalNlu),
    summary: 'intent parser: k-fold cross-validation on the labelled utterances',
    flags: {
      json,
      data,
      folds: { type: 'string', description: 'number of folds' },
      extra: { type: 'string', description: 'a file of extra labelled utterances' },
      'no-peer': { type: 'boolean', description: 'leave out the peer comparison' },
      'no-tagger': { type: 'boolean', description: 'cross-validate without training the learned slot tagger' },
    },
  },
  simmc: {
    load: () => import('../nlu/cli.ts').then((m) => m.evalSimmc),
    summary: 'intent parser on the SIMMC 2.0 fashion dialogues',
    flags: { json, split: { type: 'string', description: 'SIMMC split (devtest)' } },
  },
  recommender: {
    load: () => import('../../models/recommender/cli.ts').then((m) => m.evalRecommender),
    summary: 'recommender against baselines on the H&M test week',
    flags: { json, data, seed, seeds: { type: 'string', description: 'number of seeds' } },
  },
  feedback: {
    load: () => import('../../models/recommender/cli.ts').then((m) => m.evalFeedback),
    summary: 'does one 👍 in the chat transform the next list (H&M test day, against baselines)',
    flags: { json, data },
  },
  outfits: {
    load: () => import('../outfits/cli.ts').then((m) => m.evalOutfits),
    summary: 'outfit compatibility (fill in the blank) and constraint checks',
    flags: {
      json,
      data,
      questions: { type: 'string', description: 'number of fill-in-the-blank questions' },
      requests,
      retrain: { type: 'boolean', description: 'train the compatibility model first' },
    },
  },
  trends: {
    load: () => import('../../models/trends/cli.ts').then((m) => m.evalTrends),
    summary: 'trend predictor against baselines on a rolling-origin backtest',
    flags: {
      json,
      data,
      epochs: { type: 'string', description: 'training epochs' },
      'max-seconds': { type: 'string', description: 'stop training after this many seconds' },
    },
  },
  redaction: {
    load: () => import('../log/redaction-cli.ts').then((m) => m.evalRedaction),
    summary: [
      'log redaction: precision and recall per language on the hand-written cases (test/log/redaction-cases.json).',
      'A positive case (a message with personal data) is caught when every letter and digit of its marked spans',
      'was replaced. A negative case (a look-alike: dates, prices, sizes, heights, catalogue ids …) is a false alarm',
      'when anything in it was replaced; so is a positive case where a replacement touched none of its spans or one',
      'of its "keep" strings. recall = caught / positives; precision = caught / (caught + false alarms).',
    ].join('\n'),
    flags: { json, cases: { type: 'string', description: 'a case file of the same shape' } },
  },
  knowledge: {
    load: () => import('../knowledge/eval.ts').then((m) => m.evalKnowledge),
    summary: 'stylist advice: answer accuracy and pieces consistent with the advice, on the stylist questions',
    flags: { json },
  },
  shoppers: {
    load: () => import('../../bench/shoppers.ts').then((m) => m.evalShoppers),
    summary: 'replays the shopper audit and judges each reply by the audit’s stated reasons',
    flags: {
      json,
      dir: { type: 'string', description: 'the audit folder (FASHION_SHOPPER_AUDIT_DIR)' },
      recorded: { type: 'boolean', description: 'judge the audit’s recorded replies instead of replaying' },
      verbose: { type: 'boolean', description: 'list the good replies too' },
    },
  },
};

/** `fashion-advisor bench <name>` (default `turns`). */
export const BENCH: Record<string, CommandEntry> = {
  turns: {
    load: () => import('../../bench/turns.ts').then((m) => m.benchTurns),
    summary: 'latency of whole turns through the engine',
    flags: { json, turns, cold, concurrency: { type: 'string', description: 'turns in flight' } },
  },
  catalog: {
    load: () => import('../../bench/catalog.ts').then((m) => m.benchCatalog),
    summary: 'catalogue load and search',
    flags: { json, queries, seed, baseline: { type: 'string', description: 'queries of the linear-scan baseline' } },
  },
  nlu: {
    load: () => import('../../bench/nlu.ts').then((m) => m.benchNlu),
    summary: 'intent parser throughput',
    flags: { json, seconds: { type: 'string', description: 'how long to measure' } },
  },
  recommender: {
    load: () => import('../../bench/recommender.ts').then((m) => m.benchRecommender),
    summary: 'top-k under constraints over the full catalogue',
    flags: { json, queries, seed },
  },
  outfits: {
    load: () => import('../../bench/outfits.ts').then((m) => m.benchOutfits),
    summary: 'outfit composition latency',
    flags: { json, requests },
  },
  review: {
    load: () => import('../../bench/review.ts').then((m) => m.benchReview),
    summary: 'stylist console search and pages',
    flags: { json, requests, turns },
  },
  load: {
    load: () => import('../../bench/load.ts').then((m) => m.benchLoad),
    summary: 'many simulated users at once, in-process or over the Telegram loopback',
    flags: {
      json,
      users,
      turns,
      cold,
      'think-ms': { type: 'string', description: 'pause between a user’s turns' },
      telegram: { type: 'boolean', description: 'over the Telegram loopback' },
      'no-profile': { type: 'boolean', description: 'skip the sampling profiler that names the causes of long tasks' },
    },
  },
  faults: {
    load: () => import('../../bench/faults.ts').then((m) => m.benchFaults),
    summary: 'kills, cuts and restarts services under load; counts lost and duplicated turns',
    flags: { json, users, turns, scenario: { type: 'string', description: 'run one scenario' } },
  },
  redaction: {
    load: () => import('../../bench/redaction.ts').then((m) => m.benchRedaction),
    summary: 'log redaction speed on the shopper-audit messages',
    flags: {
      json,
      dir: {
        type: 'string',
        description: 'folder of *.jsonl transcripts (default ../shopper-audit by FASHION_BENCH_DIR)',
      },
      rounds: { type: 'string', description: 'timed rounds over the messages (20)' },
    },
  },
  dialogue: {
    load: () => import('../../bench/dialogue.ts').then((m) => m.benchDialogue),
    summary: 'generated adult requests: children’s items shown, clarifying questions, most frequent piece',
    flags: { json, requests },
  },
};
