/** What an action receives and returns. */
import type { Templates } from '../nlg/templates.ts';
import type {
  Catalog,
  Clock,
  IncomingMessage,
  Intent,
  IntentParser,
  Logger,
  Outfit,
  OutfitComposer,
  Parse,
  Random,
  Recommender,
  ScoredItem,
  Signal,
  Slots,
  StateStore,
  TrendService,
  TurnLog,
  UserState,
} from '../types.ts';
import type { StateEvent } from './events.ts';

/** Everything the engine works with, passed in by the caller (STYLE §2). */
export interface EngineDeps {
  parser: IntentParser;
  catalog: Catalog;
  recommender: Recommender;
  composer: OutfitComposer;
  trends?: TrendService;
  store: StateStore;
  log?: TurnLog;
  templates: Templates;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Called after a user's profile and session are erased (other stores: experiments …). */
  onErase?: (userId: string) => Promise<void>;
}

/** One part of a reply: a template to fill, or literal lines (item lists). */
export type Say = { key: string; vars?: Record<string, string | number> } | { lines: string[] };

export interface TurnContext {
  message: IncomingMessage;
  parse: Parse;
  /** The intent being served (may differ from the parse when continuing an awaited question). */
  intent: Intent;
  /** Slots to act on: the parse's, merged with the active request where the action refines it. */
  slots: Slots;
  state: UserState;
  deps: EngineDeps;
  now: number;
}

export interface ActionResult {
  events: StateEvent[];
  say: Say[];
  items?: ScoredItem[];
  outfits?: Outfit[];
  /** Signals behind what was shown (for the reply's explanation). */
  signals?: Signal[];
  chart?: { title: string; svg: string };
  attachment?: { filename: string; content: string };
  private?: boolean;
}

export type Action = (context: TurnContext) => ActionResult | Promise<ActionResult>;
