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
    ['pay with 5500.0000.0000.0004 or 4012/8888/8888/1881', 'pay with [card] or [card]'],
    ['card 3782_822463_10005', 'card [card]'],
    ['５５５５ ５５５５ ５５５５ ４４４４ is my card', '[card] is my card'],
    ['refund to GB82 WEST 1234 5698 7654 32', 'refund to [iban]'],
    ['ship it to 221B Baker Street, London NW1 6XE', 'ship it to [address], London [postcode]'],
    ['寄到北京市朝阳区建国路88号，邮编100022', '寄到[address]，邮编[postcode]'],
    ['passport number 533380006', 'passport number [passport]'],
    ['身份证号11010519491231002X', '身份证号[id]'],
    ['email me at alice at example dot com', 'email me at [email]'],
    ['reach me: alice [at] example [dot] com', 'reach me: [email]'],
    ['xiaoming艾特qq点com', '[email]'],
  ])('removes personal data from %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'jeans under 50 eur, size 38, for 2026',
    'a dress for the 2026-12-24 party',
    'budget 120.50 and it is 5°C',
    'order 12345 in size 32x34',
    "What's rising in the trend data (as of 2020-04-12):",
    'what size shud i get im 180cm 75kg',
    'sizes 36 38 40 42, or 34/36/38/40',
    'is [hm:0714790020] like hm:0714790021?',
    'order 3 of them for 12 999 SEK at -5 °C',
    '截至2020-04-12，身高180体重75，预算500块',
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
