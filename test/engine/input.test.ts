import { describe, expect, it } from 'vitest';
import { cleanInput, MAX_INPUT_CHARS } from '../../src/engine/input.ts';

describe('cleanInput', () => {
  it('flags empty and whitespace-only input', () => {
    expect(cleanInput('')).toEqual({ text: '', problem: 'empty' });
    expect(cleanInput(' \n\t ')).toEqual({ text: '', problem: 'empty' });
  });

  it('removes control and invisible characters and collapses whitespace', () => {
    expect(cleanInput('  red\u0000 \u0007dress\u202e\n please ')).toEqual({ text: 'red dress please' });
  });

  it('flags binary data', () => {
    expect(cleanInput('\u0000\u0001\ufffd\ufffd\ufffdabc').problem).toBe('binary');
  });

  it('cuts huge input without splitting a surrogate pair', () => {
    const huge = `${'a'.repeat(MAX_INPUT_CHARS - 1)}😀${'b'.repeat(100_000)}`;
    const clean = cleanInput(huge);
    expect(clean.problem).toBe('truncated');
    expect(clean.text.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(clean.text.endsWith('\ud83d')).toBe(false);
  });

  it('keeps Chinese and emoji', () => {
    expect(cleanInput('我想要红色的裙子 👗').text).toBe('我想要红色的裙子 👗');
  });
});
