import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../../scripts/build-stamp.mjs';

describe('what makes the compiled build stale', () => {
  const files = sourceFiles();

  it('counts the sources and what the compiled code reads beside itself', () => {
    expect(files).toContain('src/cli/main.ts');
    expect(files).toContain('src/log/writer-thread.mjs');
    expect(files).toContain('src/review/static/console.css');
  });

  it('ignores notes: editing a README does not send every start back to compiling TypeScript', () => {
    expect(files.filter((f) => f.endsWith('.md'))).toEqual([]);
    expect(files).not.toContain('bench/README.md');
  });
});
