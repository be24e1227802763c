/** What an action receives and returns. */
import type { ArmParams } from '../experiments/definitions.ts';
import type { Experiments } from '../experiments/experiments.ts';
import type { Knowledge } from '../knowledge/load.ts';
import type { Templates } from '../nlg/templates.ts';
import type { Eraser } from '../privacy/eraser.ts';
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
  Restyler,
  Say,
  ScoredItem,
  Signal,
  Slots,
  StateStore,
  TrendService,
  TurnLog,
  UserState,
} from '../types.ts';
import type { ActionName } from './decision.ts';
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
  /**
   * Erases a user everywhere ("forget me"), durably and retried while a store is down. Default: one over `store`,
   * `log` and `experiments` that retries while the process lives (the app's keeps its ledger in the data home).
   */
  eraser?: Eraser;
  /** A/B experiments; with `pseudonymize`, turns run under the user's arms and record exposures and outcomes. */
  experiments?: Experiments;
  pseudonymize?: (userId: string) => string;
  /** Optional rewriting of the reply text (LLM); must fall back to the draft itself on any problem. */
  restyle?: Restyler;
  /** The stylist's knowledge with the city climate table; without it advice uses the bundled files (no climate). */
  knowledge?: Knowledge;
}

export type { Restyler, Say } from '../types.ts';

export interface TurnContext {
  message: IncomingMessage;
  parse: Parse;
  /** The intent being served (may differ from the parse when continuing an awaited question). */
  intent: Intent;
  /** Slots to act on: the parse's, merged with the active request where the action refines it. */
  slots: Slots;
  /** The action the policy chose for this turn. */
  action: ActionName;
  /** The piece the action is about, for the actions about one piece (`more_like`, `in_color`, `outfit_around`). */
  itemId?: string;
  state: UserState;
  deps: EngineDeps;
  now: number;
  /** Parameters of the experiment arms this user is in (empty when none). */
  arms: ArmParams;
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
