/** The command line is strict: every command declares its flags, an unknown one is an error, and each has --help. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BENCH, COMMANDS, EVAL, TRAIN } from '../../src/cli/registry.ts';

/** Runs `main` with captured output; resolves to the exit code and what was printed. */
async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (c) => (chunks.out += c));
  stderr.on('data', (c) => (chunks.err += c));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr });
  return { code, ...chunks };
}

describe('fashion-advisor command line', () => {
  it('refuses a misspelt flag with exit code 2 and the command’s own usage', async () => {
    const { code, err } = await run(['chat', '--jsno']);
    expect(code).toBe(2);
    expect(err).toContain("unknown flag '--jsno'");
    expect(err).toContain('usage: fashion-advisor chat');
  });

  it('refuses a flag that belongs to another command', async () => {
    const { code, err } = await run(['parse', '--users', '5']);
    expect(code).toBe(2);
    expect(err).toContain("'--users'");
  });

  it('refuses a value flag given without its value', async () => {
    const { code, err } = await run(['bench', 'load', '--users']);
    expect(code).toBe(2);
    expect(err).toMatch(/--users/);
  });

  it('prints each command’s flags with --help and exits 0 without running it', async () => {
    const paths = [
      ...Object.keys(COMMANDS).map((c) => [c]),
      ...Object.keys(TRAIN).map((t) => ['train', t]),
      ...Object.keys(EVAL).map((t) => ['eval', t]),
      ...Object.keys(BENCH).map((t) => ['bench', t]),
      ['train', 'all'],
    ];
    for (const words of paths) {
      const { code, out } = await run([...words, '--help']);
      expect(code, words.join(' ')).toBe(0);
      expect(out, words.join(' ')).toContain(`usage: fashion-advisor ${words.join(' ')}`);
    }
    expect((await run(['bench', 'load', '--help'])).out).toContain('--think-ms');
  });

  it('names the choices when a group is given an unknown target', async () => {
    const { code, err } = await run(['eval', 'nope']);
    expect(code).toBe(2);
    expect(err).toContain(`eval expects one of: ${Object.keys(EVAL).join(', ')}`);
  });
});
