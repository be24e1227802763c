/** The conversation log: one record per turn, and the log interface. */
import type { Platform } from './conversation.ts';
import type { Reply } from './messages.ts';
import type { StateEvent } from './state.ts';

/** One logged turn as the engine hands it to the log store (which pseudonymises, redacts and encrypts). */
export interface TurnRecord
  extends Pick<Reply, 'intent' | 'confidence' | 'slots' | 'items' | 'outfits' | 'explanation'> {
  at: number;
  platform: Platform;
  userId: string;
  conversationId: string;
  messageId?: string;
  text: string;
  reply: string;
  latencyMs: number;
  models: Record<string, string>;
  /** Feedback carried by this turn's action (button press). */
  feedback?: { itemId: string; value: 1 | -1 };
  /** The named action that served the turn (`ActionName` of `src/engine/decision.ts`). */
  action?: string;
  /** The state events of the turn, in order: profile data, kept encrypted like the text. */
  events?: StateEvent[];
}

/** The conversation log that stylists review (SQLite by default, PostgreSQL with `DATABASE_URL`). */
export interface TurnLog {
  append(record: TurnRecord): Promise<void>;
  /**
   * Erases every turn of a user logged at or before `until` (default: now) and keeps any such turn that arrives
   * later out; returns how many were erased.
   */
  eraseUser(userId: string, until?: number): Promise<number>;
  /** Everything logged about a user, decrypted, oldest first. */
  exportUser(userId: string): Promise<TurnRecord[]>;
  /** Whether the user's requests may count in the aggregated trend statistics (groups of ≥ 20 users only). */
  setTrendOptIn(userId: string, on: boolean): Promise<void>;
  close(): Promise<void>;
}
