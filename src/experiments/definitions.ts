/**
 * The experiments config file (env `FASHION_EXPERIMENTS`, JSON): which A/B experiments run, their arms with the
 * parameters the engine applies, the traffic split, the time window and the primary metric. Validated with zod;
 * every error names the bad field, e.g. `experiments[0].arms[1].weight: expected a positive number`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Outcome events attributed to exposures. Each gives a per-user rate in the report. */
export const OUTCOME_TYPES = ['positive', 'negative', 'more_like', 'save', 'follow_up', 'abandoned'] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

const armParamsSchema = z
  .object({
    recommender: z.string().min(1, 'expected a recommender model name').optional(),
    trendBoost: z.number().min(0, 'expected a number ≥ 0').max(10, 'expected a number ≤ 10').optional(),
    tone: z.enum(['friendly', 'concise', 'editorial']).optional(),
    suggestions: z.number().int('expected an integer').min(1, 'expected ≥ 1').max(20, 'expected ≤ 20').optional(),
  })
  .strict();

/**
 * Parameters an arm sets for the engine. Unset fields leave the engine's defaults.
 * - `recommender`: name of the recommender model to rank with;
 * - `trendBoost`: weight of the trend signal in ranking (0 = off);
 * - `tone`: tone of the reply text;
 * - `suggestions`: number of items or outfits suggested (k).
 */
export type ArmParams = z.infer<typeof armParamsSchema>;

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const nameSchema = z.string().regex(NAME, 'expected lower-case letters, digits, "-" or "_" (at most 63 characters)');
const instant = z.iso.datetime({ offset: true, message: 'expected an ISO date-time like 2026-01-01T00:00:00Z' });

const armSchema = z
  .object({
    name: nameSchema,
    weight: z.number().positive('expected a positive number'),
    params: armParamsSchema.default({}),
  })
  .strict();

const experimentSchema = z
  .object({
    name: nameSchema,
    description: z.string().max(500).optional(),
    start: instant,
    stop: instant.optional(),
    primaryMetric: z.enum(OUTCOME_TYPES),
    arms: z.array(armSchema).min(2, 'expected at least 2 arms (the first is the baseline)').max(10),
    minUsersPerArm: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((experiment, context) => {
    if (experiment.stop && Date.parse(experiment.stop) <= Date.parse(experiment.start)) {
      context.addIssue({ code: 'custom', path: ['stop'], message: `must be after start (${experiment.start})` });
    }
    const seen = new Set<string>();
    experiment.arms.forEach((arm, index) => {
      if (seen.has(arm.name)) {
        context.addIssue({ code: 'custom', path: ['arms', index, 'name'], message: `duplicate arm "${arm.name}"` });
      }
      seen.add(arm.name);
    });
  });

const fileSchema = z
  .object({
    $schema: z.string().optional(),
    abandonAfterMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    attributionWindowMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    itemAttributionDays: z.number().positive().max(90).default(7),
    minUsersPerArm: z.number().int().min(1).default(100),
    experiments: z.array(experimentSchema),
  })
  .strict()
  .superRefine((file, context) => checkOverlaps(file.experiments, context));

/** One arm as configured. */
export interface Arm {
  name: string;
  /** Relative traffic weight; the share is weight / sum of weights. */
  weight: number;
  params: ArmParams;
}

/** One validated experiment, with its window as epoch milliseconds. */
export interface Experiment {
  name: string;
  description?: string;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive; undefined = open-ended. */
  stop?: number;
  primaryMetric: OutcomeType;
  /** The first arm is the baseline that the others are compared with. */
  arms: Arm[];
  minUsersPerArm: number;
}

/** The validated config file. */
export interface ExperimentsConfig {
  /** An exposure with items and no further message within this time counts as abandoned. */
  abandonAfterMinutes: number;
  /** An outcome without an item id is attributed to the user's last exposure within this window. */
  attributionWindowMinutes: number;
  /** An outcome with an item id is attributed to the last exposure showing that item within this many days. */
  itemAttributionDays: number;
  experiments: Experiment[];
}

/** Thrown for an unreadable or invalid experiments file; lists every bad field. */
export class ExperimentConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(`invalid experiments config ${source}:\n${issues.map((i) => `  ${i.field}: ${i.message}`).join('\n')}`);
    this.name = 'ExperimentConfigError';
  }
}

/**
 * Validates a parsed experiments document.
 * @example
 * const config = parseExperimentsConfig(JSON.parse(text), 'experiments.json');
 * config.experiments[0].arms[1].params.trendBoost; // 0.5
 */
export function parseExperimentsConfig(document: unknown, source = 'experiments config'): ExperimentsConfig {
  const result = fileSchema.safeParse(document);
  if (!result.success) {
    throw new ExperimentConfigError(
      source,
      result.error.issues.map((issue) => ({
        field: formatPath(issue.path) || '(root)',
        message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message,
      })),
    );
  }
  const file = result.data;
  return {
    abandonAfterMinutes: file.abandonAfterMinutes,
    attributionWindowMinutes: file.attributionWindowMinutes,
    itemAttributionDays: file.itemAttributionDays,
    experiments: file.experiments.map((e) => ({
      name: e.name,
      ...(e.description === undefined ? {} : { description: e.description }),
      start: Date.parse(e.start),
      ...(e.stop === undefined ? {} : { stop: Date.parse(e.stop) }),
      primaryMetric: e.primaryMetric,
      arms: e.arms.map((a) => ({ name: a.name, weight: a.weight, params: a.params })),
      minUsersPerArm: e.minUsersPerArm ?? file.minUsersPerArm,
    })),
  };
}

/**
 * Reads and validates the experiments file at `path`.
 * @example
 * const config = loadExperimentsConfig(process.env.FASHION_EXPERIMENTS!);
 */
export function loadExperimentsConfig(path: string): ExperimentsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ExperimentConfigError(path, [{ field: '(file)', message: `cannot read: ${(error as Error).message}` }]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ExperimentConfigError(path, [
      { field: '(file)', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  return parseExperimentsConfig(document, path);
}

/** Whether the experiment is running at `now` (start inclusive, stop exclusive). */
export function isActive(experiment: Experiment, now: number): boolean {
  return now >= experiment.start && (experiment.stop === undefined || now < experiment.stop);
}

type RawExperiment = z.infer<typeof experimentSchema>;

/**
 * Rejects duplicate experiment names, and two experiments that run at the same time and set the same parameter
 * (their merged parameters would be ambiguous).
 */
function checkOverlaps(experiments: RawExperiment[], context: z.RefinementCtx): void {
  experiments.forEach((experiment, i) => {
    for (const other of experiments.slice(0, i)) {
      if (other.name === experiment.name) {
        context.addIssue({
          code: 'custom',
          path: ['experiments', i, 'name'],
          message: `duplicate experiment "${experiment.name}"`,
        });
        continue;
      }
      if (!windowsOverlap(other, experiment)) continue;
      const shared = [...paramKeys(other)].filter((key) => paramKeys(experiment).has(key));
      if (shared.length > 0) {
        context.addIssue({
          code: 'custom',
          path: ['experiments', i, 'arms'],
          message: `sets ${shared.join(', ')} like experiment "${other.name}" in an overlapping time window`,
        });
      }
    }
  });
}

function windowsOverlap(a: RawExperiment, b: RawExperiment): boolean {
  const end = (e: RawExperiment) => (e.stop === undefined ? Number.POSITIVE_INFINITY : Date.parse(e.stop));
  return Date.parse(a.start) < end(b) && Date.parse(b.start) < end(a);
}

function paramKeys(experiment: RawExperiment): Set<string> {
  return new Set(experiment.arms.flatMap((arm) => Object.keys(arm.params)));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
