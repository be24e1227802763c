/**
 * The shapes the conversation log takes and gives: the console's filters, pages, turns and annotations, the
 * analytics, and what a log store and its writer thread are built from.
 */
import type {
  Clock,
  Intent,
  Logger,
  Platform,
  ReplyItem,
  ReplyOutfit,
  Slots,
  StateEvent,
  TurnRecord,
} from '../types.ts';
import type { Hasher, TextCipher } from './crypto.ts';
import type { SqlDatabase } from './sql.ts';

/** Filters of the conversation list; every field is optional and they combine with AND. */
export interface ConversationFilter {
  platform?: Platform;
  /** Conversations active at or after this time (ms). */
  from?: number;
  /** Conversations active at or before this time (ms). */
  to?: number;
  /** Conversations with at least one turn of this intent. */
  intent?: Intent;
  /** Conversations with a turn parsed below the low-confidence threshold. */
  lowConfidence?: boolean;
  /** Conversations with a 👎 (button or `feedback_negative` turn). */
  negativeFeedback?: boolean;
  /** Conversations no stylist has annotated yet. */
  unreviewed?: boolean;
  /** Words that must all occur in the conversation (messages or replies), whole words, any case. */
  text?: string;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

/** One row of the conversation list. */
export interface ConversationSummary {
  id: string;
  platform: Platform;
  firstAt: number;
  lastAt: number;
  turns: number;
  minConfidence: number;
  negative: number;
  annotated: number;
  /** The first user message (redacted), shortened. */
  preview: string;
}

/** One page of the conversation list, with how many conversations match in all. */
export interface ConversationPage {
  conversations: ConversationSummary[];
  /** Matching conversations, counted up to the count cap (then `totalCapped` is true). */
  total: number;
  totalCapped: boolean;
  hasNext: boolean;
  page: number;
  pageSize: number;
}

/** Counting stops here: an exact count of a broad filter over a large log costs more than the page itself. */
export const COUNT_CAP = 1000;

/** A stylist's annotation of one turn. */
export interface Annotation {
  turnId: number;
  stylist: string;
  rating?: number;
  tags: string[];
  correctedIntent?: Intent;
  correctedSlots?: Slots;
  betterItem?: string;
  note?: string;
  updatedAt: number;
}

/** What a stylist submits; validated by `annotationInputSchema`. */
export type AnnotationInput = Omit<Annotation, 'turnId' | 'stylist' | 'updatedAt'>;

/** One turn as the console shows it: decrypted (already redacted) text plus its parse and what was shown. */
export interface LoggedTurn {
  id: number;
  conversationId: string;
  platform: Platform;
  /** Pseudonym (HMAC) of the user. */
  userKey: string;
  messageId?: string;
  at: number;
  text: string;
  reply: string;
  explanation?: string;
  /** True when the stored text could not be decrypted (wrong key); text and reply are then empty. */
  unreadable: boolean;
  intent: Intent;
  confidence: number;
  slots: Slots;
  items: ReplyItem[];
  outfits: ReplyOutfit[];
  latencyMs: number;
  models: Record<string, string>;
  feedback?: { itemId: string; value: 1 | -1 };
  /** The named action that served the turn and its state events (turns logged before they were kept lack them). */
  action?: string;
  events?: StateEvent[];
  annotation?: Annotation;
}

/** A line of NLU training data (`fashion-advisor train nlu` extra data). */
export interface TrainingLine {
  text: string;
  intent: Intent;
  slots?: Slots;
}

/** Distinct opted-in users who mentioned a term in a week (ISO date of the Monday). */
export interface WeeklyMention {
  week: string;
  term: string;
  users: number;
}

/** Simple analytics for the trends page. */
export interface LogAnalytics {
  perDay: { day: string; conversations: number; turns: number }[];
  intents: { intent: string; turns: number }[];
  feedback: { positive: number; negative: number };
}

/** What a `TurnLogStore` is built from (`openTurnLog` reads them from the config). */
export interface TurnLogStoreOptions {
  db: SqlDatabase;
  cipher: TextCipher;
  hasher: Hasher;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  /** Turns parsed below this confidence mark their conversation "low confidence". Default 0.5. */
  lowConfidence?: number;
  /** Conversation lists count matches up to this many. Default `COUNT_CAP`. */
  countCap?: number;
}

/** Writes batches of turns for a `TurnLogStore` (through a journal and a thread of its own, see `writer.ts`). */
export interface TurnWriter {
  /** The data home its journal is in. */
  readonly home: string;
  /**
   * Makes the turns durable (journaled: copied into the log soon after); resolves to each turn's error (one that
   * cannot be stored) or undefined; rejects if the writer is gone.
   */
  write(records: readonly TurnRecord[]): Promise<(Error | undefined)[]>;
  /** Resolves once every turn written so far is in the log (rejects if they could not be copied). */
  sync(): Promise<void>;
  /** The turns written (durable) and not in the log yet, oldest first. */
  notCopied(): readonly TurnRecord[];
  /** After the writer failed: lets go of its journal, so that `recoverJournals` copies what it holds. */
  abandon(): void;
  close(): Promise<void>;
}
