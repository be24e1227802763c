/**
 * The structured logger (pino behind the project's `Logger` interface): one JSON line per event on stderr, with the
 * time, the level, the component and, for a turn's events, the turn's id (`forTurn`), then the event's fields.
 * @example
 * // {"level":"info","time":"2026-12-05T05:35:00.000Z","component":"catalog","items":150000,"msg":"loaded"}
 */
import pino from 'pino';
import type { Logger } from '../types.ts';

/** The levels a logger can be set to (`silent` writes nothing). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The pino logger behind each `Logger` made here, for `forTurn`. */
const pinoOf = new WeakMap<Logger, pino.Logger>();

/**
 * Creates a logger that writes the events at or above `level` as JSON lines, each handed to `write` without its
 * newline (default: stderr).
 * @example
 * createLogger('info', 'catalog').info('loaded', { items: 150000 });
 */
export function createLogger(
  level: LogLevel,
  component = 'fashion-advisor',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  return wrap(
    pino(
      {
        level,
        base: { component },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) },
    ),
  );
}

/**
 * The logger of one turn: every event it writes names the turn (`"turn":"…"`). Any `Logger` works; one made by
 * `createLogger` gets a pino child (the binding is serialised once, not per event).
 * @example
 * forTurn(logger, randomUUID()).warn('turn not logged', { error: 'disk full' });
 */
export function forTurn(logger: Logger, turnId: string): Logger {
  const lines = pinoOf.get(logger);
  if (lines) return wrap(lines.child({ turn: turnId }));
  return {
    debug: (message, fields) => logger.debug(message, { turn: turnId, ...fields }),
    info: (message, fields) => logger.info(message, { turn: turnId, ...fields }),
    warn: (message, fields) => logger.warn(message, { turn: turnId, ...fields }),
    error: (message, fields) => logger.error(message, { turn: turnId, ...fields }),
  };
}

function wrap(lines: pino.Logger): Logger {
  const logger: Logger = {
    debug: (message, fields) => lines.debug(fields ?? {}, message),
    info: (message, fields) => lines.info(fields ?? {}, message),
    warn: (message, fields) => lines.warn(fields ?? {}, message),
    error: (message, fields) => lines.error(fields ?? {}, message),
  };
  pinoOf.set(logger, lines);
  return logger;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger('silent');
