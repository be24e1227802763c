/** Platform-neutral messages in and replies out (STYLE §1). */
import type { Intent, Language, Platform } from './conversation.ts';
import type { Signal } from './scores.ts';
import type { Slots } from './slots.ts';

/** A button press or a slash-command argument set, as opposed to free text. */
export type MessageAction =
  | { type: 'feedback'; itemId: string; value: 1 | -1 }
  | { type: 'more_like'; itemId: string }
  | { type: 'save'; itemId: string };

/** One inbound message, whatever the platform (STYLE §1). */
export interface IncomingMessage {
  platform: Platform;
  /** Platform-scoped user id, e.g. `telegram:42`. */
  userId: string;
  conversationId: string;
  text: string;
  action?: MessageAction;
  /** Platform message id, used for de-duplication. */
  messageId?: string;
}

/** One item of a reply, as the adapters show it. */
export interface ReplyItem {
  id: string;
  name: string;
  score: number;
  price?: number;
  colors: string[];
  articleType: string;
  signals: Signal[];
}

/** One outfit of a reply, with why it was chosen. */
export interface ReplyOutfit {
  items: ReplyItem[];
  score: number;
  explanation: string;
}

/** One reply, whatever the platform. Adapters turn it into platform calls. */
export interface Reply {
  text: string;
  intent: Intent;
  confidence: number;
  slots: Slots;
  items: ReplyItem[];
  outfits: ReplyOutfit[];
  explanation?: string;
  /** SVG chart (trend answers). */
  chart?: { title: string; svg: string };
  /** JSON attachment (the `/export` answer). */
  attachment?: { filename: string; content: string };
  /**
   * The reply reveals what is kept about the shopper (export, profile summary, preferences, sizes, wishlist, erasure):
   * shown only to them — in a group the adapters send it to their direct messages and tell the group only that they did.
   */
  private: boolean;
  /** Whether item buttons (👍 👎 more like this, save) make sense. */
  actionable: boolean;
  /** The language the reply is written in (adapters write their own notes, such as "sent privately", in it). */
  language?: Language;
}
