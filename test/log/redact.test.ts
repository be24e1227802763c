import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from '../../src/log/redact.ts';

describe('redact', () => {
  it.each([
    ['write to Ann.Lee+shop@mail.example.co.uk please', 'write to [email] please'],
    ['call +44 20 7946 0958 tonight', 'call [phone] tonight'],
    ['my number is (030) 1234567', 'my number is [phone]'],
    ['0612345678', '[phone]'],
    ['1. Easy Care TVP — €14.99, black [hm:0781758003]', '1. Easy Care TVP — €14.99, black [hm:0781758003]'],
    ['call me: 0612345678', 'call me: [phone]'],
    ['card 4111 1111 1111 1111 exp 12/29', 'card [card] exp 12/29'],
    ['4111-1111-1111-1111', '[card]'],
    ['邮箱 wang@example.cn 电话 13800138000', '邮箱 [email] 电话 [phone]'],
  ])('removes personal data from %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'jeans under 50 eur, size 38, for 2026',
    'a dress for the 2026-12-24 party',
    'budget 120.50 and it is 5°C',
    'order 12345 in size 32x34',
  ])('keeps ordinary numbers in %j', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('redacts strings inside nested values and keeps the shape', () => {
    expect(redactDeep({ brand: 'x@y.com', color: ['red', 'call 0612345678'], budget_max: 50 })).toEqual({
      brand: '[email]',
      color: ['red', 'call [phone]'],
      budget_max: 50,
    });
  });
});
