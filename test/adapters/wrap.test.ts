import { describe, expect, it } from 'vitest';
import { displayWidth, wrapText } from '../../adapters/text.ts';

describe('wrapText', () => {
  it('breaks at spaces, never inside a word, and indents continuation lines', () => {
    const text = 'Look 1 (€80.98): For a wedding: black dress and black heels — neutral colours that go together';
    const lines = wrapText(text, 30).split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    expect(lines.slice(1).every((line) => line.startsWith('  ') && !line.startsWith('   '))).toBe(true);
    expect(lines.map((line) => line.trim()).join(' ')).toBe(text);
  });

  it('keeps a line that fits and the indent of an indented line', () => {
    expect(wrapText('   1. Cypress Dress — €29.99', 40)).toBe('   1. Cypress Dress — €29.99');
    const wrapped = wrapText('   1. Cypress Dress with a very long name indeed — €29.99, black', 30).split('\n');
    expect(wrapped[1]!.startsWith('     ')).toBe(true);
  });

  it('counts Chinese characters as two columns and breaks between them', () => {
    const text = '搭配 1（€50.98）：这些单品常被一起购买；符合你的要求，颜色搭配协调，适合婚礼';
    const lines = wrapText(text, 24).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(24);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('cuts a word longer than a line', () => {
    for (const line of wrapText('x'.repeat(70), 25).split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(25);
  });
});
