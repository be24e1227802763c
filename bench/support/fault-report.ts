/**
 * What a fault scenario reports, and the lines its shoppers send: shared by the scenarios of `faults.ts`,
 * `fault-erasure.ts` and `fault-telegram.ts` (kept apart from them so that none imports another's module back).
 */

/** What every scenario reports. */
export interface FaultReport {
  scenario: string;
  /** Turns sent (each until answered, at most 5 times with the same message id). */
  turns: number;
  replied: number;
  /** Sends beyond the first: turns cut off by an instance's death and sent again with their message id. */
  resent: number;
  /** Replied turns missing from the log. */
  lost: number;
  /** Log rows beyond one per message id. */
  duplicated: number;
  /**
   * Telegram webhook only: replies beyond one per update. An instance killed after its reply went out and before it
   * acknowledged the update gets the update redelivered elsewhere, and it is answered again (at least once, as with
   * Telegram itself); at most `killed_in_flight` of them can be.
   */
  replies_repeated?: number;
  /** Telegram webhook only: updates the killed instance was working on when it was killed. */
  killed_in_flight?: number;
  /** Replied "I hate <colour>" turns whose colour is not in the profile read back from Redis. */
  profile_updates_lost: number;
  /** "cheaper" turns answered by the other instance than the list they refine (two-instances only). */
  refinements_checked: number;
  /** … whose answer is not a cheaper list of the same kinds of item. */
  refinements_failed: number;
  /** Times an instance died on its own (the scenario's kill -9 excluded) and had to be started again. */
  crashes: number;
  seconds: number;
  /** Erasure scenarios only: what remains of the shoppers who said "forget me", and whether the replies were true. */
  erasure?: ErasureReport;
}

/** The colours the shoppers of the scenarios come to hate, one after another. */
export const FAULT_COLORS = ['red', 'green', 'yellow', 'orange', 'purple', 'pink', 'brown', 'grey', 'beige', 'white'];
const ASKS = ['show me shirts', 'show me dresses', 'cheaper', 'show me sneakers'];

/** The m-th line of user u in the one-instance scenarios: even turns dislike a new colour, odd turns ask. */
export function faultTurnText(u: number, m: number): string {
  return m % 2 === 0
    ? `I hate ${FAULT_COLORS[(u + m / 2) % FAULT_COLORS.length]}`
    : (ASKS[(u + m) % ASKS.length] ?? 'cheaper');
}

/** What the erasure scenarios add to a fault report. */
export interface ErasureReport {
  erased_users: number;
  /** "forget me" replies that claim something else than what was reachable (or the generic error). */
  replies_untruthful: number;
  /** Turns of an erased shopper while their profile erasure waited, answered otherwise than "still erasing". */
  pending_replies_wrong: number;
  log_turns_left: number;
  spool_turns_left: number;
  journal_turns_left: number;
  redis_keys_left: number;
  experiment_rows_left: number;
  /** Erasures still in the instance's ledger after it stopped. */
  erasures_pending: number;
  /** Files of the data home whose raw bytes hold a trace of an erased shopper. */
  files_with_traces: string[];
  /** From the server's return to the last erased store (as seen from outside). */
  seconds_to_erase: number;
}

/**
 * Whether an erasure report is clean: nothing of an erased shopper left anywhere, every reply truthful.
 * @example
 * erasureClean(report.erasure); // true
 */
export function erasureClean(erasure: ErasureReport | undefined): boolean {
  if (!erasure) return true;
  const { erased_users, seconds_to_erase, files_with_traces, ...counts } = erasure;
  return files_with_traces.length === 0 && Object.values(counts).every((n) => n === 0);
}
