import { describe, expect, it } from 'vitest';
import { createFloodGuard } from '../../src/middleware/flood-guard.ts';

describe('createFloodGuard', () => {
  it('gives one notice per window to a flooding user, then drops silently, then lets them back', async () => {
    const guard = createFloodGuard({ limit: 20, windowMs: 10_000 });
    const verdicts: string[] = [];
    for (let i = 0; i < 30; i++) verdicts.push(await guard.check('u1', i * 100));
    expect(verdicts.filter((v) => v === 'allow')).toHaveLength(20);
    expect(verdicts.filter((v) => v === 'notify')).toHaveLength(1);
    expect(verdicts[20]).toBe('notify');
    expect(verdicts.slice(21).every((v) => v === 'drop')).toBe(true);
    expect(await guard.check('u2', 3000)).toBe('allow');
    expect(await guard.check('u1', 10_000)).toBe('allow');
  });
});
