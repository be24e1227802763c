/**
 * The shared vocabulary of the bot, one module per subject under `src/types/`: catalogue items, slots and parses,
 * scores, per-user state and its events, the services the engine reaches (parser, catalogue, recommender, composer,
 * trends, stores), replies and the conversation log. Every part is passed to the engine through its constructor
 * (see `src/engine/engine.ts`). Import from here or from the subject module.
 */
export * from './types/catalog.ts';
export * from './types/conversation.ts';
export * from './types/log.ts';
export * from './types/messages.ts';
export * from './types/parse.ts';
export * from './types/runtime.ts';
export * from './types/scores.ts';
export * from './types/services.ts';
export * from './types/slots.ts';
export * from './types/speech.ts';
export * from './types/state.ts';
