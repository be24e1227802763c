/** A one-line progress bar on a stream (stderr): stage, epoch, percentage, loss, examples per second, ETA. */
import type { Writable } from 'node:stream';
import type { Clock } from '../../src/types.ts';

/** Reports progress of one training stage. */
export interface Progress {
  update(epoch: number, done: number, total: number, loss: number): void;
  /** Ends the line with a summary. */
  done(summary: string): void;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A progress bar that redraws at most every `intervalMs`.
 * @example
 * const bar = progressBar(process.stderr, systemClock, 'ranker', 8); bar.update(0, 500, 1000, 0.42);
 */
export function progressBar(out: Writable, clock: Clock, stage: string, epochs: number, intervalMs = 250): Progress {
  const start = clock.now();
  let epochStart = start;
  let currentEpoch = -1;
  let lastDraw = 0;
  let examples = 0;
  let lastDone = 0;
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  return {
    update(epoch, done, total, loss) {
      const now = clock.now();
      if (epoch !== currentEpoch) {
        // the first epoch starts with the bar; later ones at their first report
        epochStart = currentEpoch < 0 ? start : now;
        currentEpoch = epoch;
        lastDone = 0;
      }
      examples += Math.max(0, done - lastDone);
      lastDone = done;
      if (now - lastDraw < intervalMs && done < total) return;
      lastDraw = now;
      const rate = examples / Math.max(1e-3, (now - start) / 1000);
      const epochRate = done / Math.max(1e-3, (now - epochStart) / 1000);
      const remaining = (total - done) / epochRate + ((epochs - epoch - 1) * total) / epochRate;
      const width = 20;
      const filled = Math.round((width * done) / Math.max(1, total));
      const line = `${stage} epoch ${epoch + 1}/${epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round((100 * done) / Math.max(1, total))}% loss ${loss.toFixed(4)} ${Math.round(rate)} ex/s ETA ${duration(remaining)}`;
      out.write(tty ? `\r${line}\u001b[K` : done >= total ? `${line}\n` : '');
    },
    done(summary) {
      const seconds = (clock.now() - start) / 1000;
      out.write(`${tty ? '\r\u001b[K' : ''}${stage}: ${summary} (${duration(seconds)})\n`);
    },
  };
}
