import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../../models/recommender/progress.ts';
import { fixedClock } from '../../../src/util/random.ts';

function sink(tty: boolean) {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  Object.assign(out, { isTTY: tty });
  return { out, text: () => chunks.join('') };
}

describe('progress bar', () => {
  it('shows epoch, loss, throughput and ETA, one line per epoch when not on a terminal', () => {
    const clock = fixedClock(0);
    const { out, text } = sink(false);
    const bar = progressBar(out, clock, 'ranker', 2, 0);
    clock.advance(1000);
    bar.update(0, 500, 1000, 0.5);
    clock.advance(1000);
    bar.update(0, 1000, 1000, 0.25);
    bar.done('validation MAP@12 0.2');
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('ranker epoch 1/2 [####################] 100% loss 0.2500 500 ex/s ETA 2s');
    expect(lines[1]).toBe('ranker: validation MAP@12 0.2 (2s)');
  });

  it('redraws one line in place on a terminal', () => {
    const clock = fixedClock(0);
    const { out, text } = sink(true);
    const bar = progressBar(out, clock, 'item tower', 1, 0);
    clock.advance(2000);
    bar.update(0, 250, 1000, 6.2);
    expect(text()).toBe('\ritem tower epoch 1/1 [#####...............] 25% loss 6.2000 125 ex/s ETA 6s\u001b[K');
  });
});
