/**
 * A cheap limiter in front of the login's password hashing (each check is a deliberately costly scrypt hash; its cost is in bench/README.md):
 * a token bucket per client address and a cap on the checks in flight across all addresses. A refused request is
 * answered at once, before any database work or hashing. Per instance and in memory on purpose: it bounds this
 * process's CPU; the lockout that must hold across instances is `LoginThrottle`.
 */
import type { Clock } from '../types.ts';
import { addressKey } from './login-throttle.ts';

/** Sizes of the gate. */
export interface LoginGateLimits {
  /** Attempts an address may make at once after a quiet spell. */
  burst: number;
  /** Attempts an address regains per minute. */
  perMinute: number;
  /** Password checks in flight over all addresses (scrypt runs on libuv's four threads by default). */
  concurrent: number;
  /** Addresses remembered; the least recently seen are forgotten first (a full bucket carries no state). */
  addresses: number;
}

/** Ten attempts at once, ten a minute after that, eight checks in flight, ten thousand addresses remembered. */
export const DEFAULT_GATE_LIMITS: LoginGateLimits = { burst: 10, perMinute: 10, concurrent: 8, addresses: 10_000 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Why the gate refused: this address is too fast, or the server is checking too many passwords already. */
export type GateRefusal = 'address' | 'busy';

/** Per-address token buckets plus a global in-flight cap (see the module comment). */
export class LoginGate {
  private readonly buckets = new Map<string, Bucket>();
  private inFlight = 0;

  constructor(
    private readonly clock: Clock,
    readonly limits: LoginGateLimits = DEFAULT_GATE_LIMITS,
  ) {}

  /** Addresses currently remembered (bounded by `limits.addresses`). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Lets one attempt through, or says why not. Call the returned `leave` when the attempt is over.
   * @example
   * const pass = gate.enter(request.ip);
   * if (typeof pass === 'string') return reply.code(429).send();
   * try { … } finally { pass(); }
   */
  enter(address: string): (() => void) | GateRefusal {
    if (this.inFlight >= this.limits.concurrent) return 'busy';
    const key = addressKey(address);
    const now = this.clock.now();
    const previous = this.buckets.get(key);
    const refill = previous ? ((now - previous.at) / 60_000) * this.limits.perMinute : this.limits.burst;
    const tokens = Math.min(this.limits.burst, (previous?.tokens ?? 0) + refill);
    this.buckets.delete(key); // re-inserted last: the map's order is least recently seen first
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return 'address';
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= this.limits.addresses) break;
      this.buckets.delete(oldest);
    }
    this.inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight--;
    };
  }
}
