/** Cross-cutting services: time, randomness, logging. */

/** The time source (injected so tests and replays control it). */
export interface Clock {
  now(): number;
}

/** A seeded source of randomness in [0, 1). */
export interface Random {
  next(): number;
}

/** Structured logging: a message and fields. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
