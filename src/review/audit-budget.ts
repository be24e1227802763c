/**
 * A budget for audit rows written on behalf of nobody (failed and refused logins): without it, anyone who can reach
 * the login form could grow the audit log at will and bury real events. Rows beyond the budget are counted, and the
 * count is written as one summary row when the budget allows again.
 */
import type { Clock } from '../types.ts';

/** The decision for one unauthenticated event. */
export interface AuditAllowance {
  write: boolean;
  /** Events not written individually since the last row that was written (report them with this one). */
  suppressed: number;
}

/** A token bucket over all unauthenticated audit writes of this process. */
export class AuditBudget {
  private tokens: number;
  private at: number;
  private suppressed = 0;

  /** Defaults: bursts of 30 rows, then 30 a minute. */
  constructor(
    private readonly clock: Clock,
    private readonly burst = 30,
    private readonly perMinute = 30,
  ) {
    this.tokens = burst;
    this.at = clock.now();
  }

  /**
   * Whether to write the next unauthenticated row, and how many were left out before it.
   * @example
   * const allowance = budget.take();
   * if (allowance.write) await accounts.audit(...);
   */
  take(): AuditAllowance {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 60_000) * this.perMinute);
    this.at = now;
    if (this.tokens < 1) {
      this.suppressed++;
      return { write: false, suppressed: this.suppressed };
    }
    this.tokens--;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    return { write: true, suppressed };
  }
}
