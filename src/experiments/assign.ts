/**
 * Arm assignment: a stable keyed hash of the user's pseudonym, so every instance (and every restart) puts a user
 * in the same arm without shared state.
 *
 * `HMAC-SHA256(key, "<experiment>:<pseudonym>")` → the first 48 bits as a number uniform in [0, 1) → the arm whose
 * cumulative share interval contains it. Changing the split moves only the users whose number lies between the old
 * and the new boundaries; renaming the experiment reshuffles everyone (use a new name for a fresh randomisation).
 */
import { type BinaryLike, createHmac } from 'node:crypto';
import { type ArmParams, type Experiment, isActive } from './definitions.ts';

/** The arm a user runs under in one experiment. */
export interface Assignment {
  experiment: string;
  arm: string;
  params: ArmParams;
}

/**
 * The user's position in [0, 1) for one experiment.
 * @example
 * bucketPosition('key-of-16-chars!', 'trend-boost', 'a1b2…'); // 0.7312…
 */
export function bucketPosition(key: BinaryLike, experimentName: string, pseudonymousUserId: string): number {
  const digest = createHmac('sha256', key).update(`${experimentName}:${pseudonymousUserId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The arms of every experiment running at `now` for this user, in config order.
 * @example
 * const assignments = assignArms(config.experiments, pseudonym, clock.now(), loadLogKeys(config, logger).pseudonym);
 * // [{ experiment: 'trend-boost', arm: 'boost', params: { trendBoost: 0.5 } }]
 */
export function assignArms(
  experiments: readonly Experiment[],
  pseudonymousUserId: string,
  now: number,
  key: BinaryLike,
): Assignment[] {
  return experiments
    .filter((experiment) => isActive(experiment, now))
    .map((experiment) => {
      const arm = pickArm(experiment, bucketPosition(key, experiment.name, pseudonymousUserId));
      return { experiment: experiment.name, arm: arm.name, params: arm.params };
    });
}

/**
 * The parameters of all assignments merged into one object for the engine. Running experiments never set the same
 * parameter (the config validation rejects that); should they, the first in config order wins.
 * @example
 * mergeArmParams([{ experiment: 'a', arm: 'x', params: { tone: 'concise' } }]); // { tone: 'concise' }
 */
export function mergeArmParams(assignments: readonly Assignment[]): ArmParams {
  const merged: ArmParams = {};
  for (const { params } of [...assignments].reverse()) Object.assign(merged, params);
  return merged;
}

function pickArm(experiment: Experiment, position: number) {
  const total = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  let boundary = 0;
  for (const arm of experiment.arms) {
    boundary += arm.weight / total;
    if (position < boundary) return arm;
  }
  // Rounding can leave the position just past the last boundary: it belongs to the last arm.
  const last = experiment.arms.at(-1);
  if (!last) throw new Error(`experiment ${experiment.name} has no arms`);
  return last;
}
