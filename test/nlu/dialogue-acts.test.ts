/** Dialogue acts read as slots, also when typed carelessly (typos, chat spellings, no punctuation, colloquial Chinese). */
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutActs } from '../../src/nlu/dialogue-acts.ts';
import { createParser } from '../../src/nlu/index.ts';
import type { IntentParser } from '../../src/types.ts';

let parser: IntentParser;
beforeAll(() => {
  parser = createParser();
});
const slots = (text: string) => parser.parse(text).slots;

describe('dialogue acts', () => {
  it.each([
    ['surprize me', { surprise: true }],
    ['idc u pick', { surprise: true }],
    ['up to you', { surprise: true }],
    ['都行', { surprise: true }],
    ['forgt my sizes pls', { forget: 'sizes' }],
    ['cheapst hoodie', { price_sort: 'ascending' }],
    ['show my wishlst', { wishlist: 'view' }],
    ['what did i save', { wishlist: 'view' }],
    ['save it to my favs', { wishlist: 'add' }],
    ['收藏第二套', { wishlist: 'add', reference_unit: 'look' }],
    ['opt me out of the trend statistics', { trend_consent: 'opt_out' }],
    ['moar', { follow_up: 'more' }],
    ['still a thing?', { names_trend: true }],
    ['smth else', { follow_up: 'change' }],
    ['还有嘛', { follow_up: 'more' }],
    ['i dnt like polyester', { standing_preference: true }],
    ['wut do u know about me', { asks_what_is_kept: true }],
    ['is the 2nd one waterproof', { about_piece: true }],
    ['这件啥料子', { about_piece: true }],
    ['the first or the fourth?', { ordinals: [0, 3] }],
    [
      'wut shoes go with a navy suit',
      { pairing: { wanted: 'footwear', around: { category: 'suit', color: ['navy'] } } },
    ],
    ['something for a bridesmaid', { department_hint: 'women' }],
  ])('%s → %j', (text, expected) => {
    expect(slots(text)).toMatchObject(expected);
  });

  it.each([
    ["i don't like anything too tight", 'surprise'],
    ['delete my data', 'forget'],
    ['forget my size', 'standing_preference'],
    ['what are people wearing this autumn', 'about_piece'],
    ['any others?', 'about_piece'],
    ['save the second look', 'whole_look'],
    ['a dress for my boyfriend', 'department_hint'],
    ['a dress for men', 'department_hint'],
  ])('%s carries no %s', (text, act) => {
    expect(slots(text)).not.toHaveProperty(act);
  });

  it('leaves what the message says about pieces to the other slots', () => {
    expect(withoutActs(slots('the cheapest red dress pls'))).toEqual({ category: 'dress', color: ['red'] });
  });
});
