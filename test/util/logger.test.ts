import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/types.ts';
import { createLogger, forTurn } from '../../src/util/logger.ts';

/** A logger whose lines are parsed back, for looking at their fields. */
function recorded(level: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  const logger = createLogger(level, 'catalog', (line) => lines.push(line));
  return { logger, lines, events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON line per event: time, level, component, the fields and the message', () => {
    const { logger, lines, events } = recorded('info');
    logger.info('loaded', { items: 150_000, sources: ['demo'] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [event] = events();
    expect(event).toMatchObject({ level: 'info', component: 'catalog', msg: 'loaded', items: 150_000 });
    expect(event!.sources).toEqual(['demo']);
    expect(Number.isNaN(Date.parse(String(event!.time)))).toBe(false);
  });

  it('drops the events below its level, and everything when silent', () => {
    const { logger, events } = recorded('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d', { reason: 'e' });
    expect(events().map((e) => [e.level, e.msg])).toEqual([
      ['warn', 'c'],
      ['error', 'd'],
    ]);
    const silent = recorded('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('keeps a message with quotes and line breaks on one parseable line', () => {
    const { logger, events } = recorded('info');
    logger.info('said "hi"\nthen left', { text: '多谢' });
    expect(events()[0]).toMatchObject({ msg: 'said "hi"\nthen left', text: '多谢' });
  });
});

describe('forTurn', () => {
  it('names the turn in every event of a turn, and in no other', () => {
    const { logger, events } = recorded('info');
    const turn = forTurn(logger, 'turn-1');
    turn.warn('turn not logged', { error: 'disk full' });
    logger.info('between turns');
    forTurn(logger, 'turn-2').error('turn failed');
    expect(events().map((e) => [e.msg, e.turn, e.component])).toEqual([
      ['turn not logged', 'turn-1', 'catalog'],
      ['between turns', undefined, 'catalog'],
      ['turn failed', 'turn-2', 'catalog'],
    ]);
  });

  it('adds the turn to the fields of any other Logger', () => {
    const seen: [string, Record<string, unknown> | undefined][] = [];
    const other: Logger = {
      debug: (m, f) => seen.push([m, f]),
      info: (m, f) => seen.push([m, f]),
      warn: (m, f) => seen.push([m, f]),
      error: (m, f) => seen.push([m, f]),
    };
    forTurn(other, 't').info('hello', { a: 1 });
    expect(seen).toEqual([['hello', { turn: 't', a: 1 }]]);
  });
});
