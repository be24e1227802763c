/** Fixture factories for the outfit tests: a synthetic basket world with a known pattern, and empty profiles. */
import { groupBaskets, HM_FIELDS, type HmArticles, type HmPurchase } from '../../src/outfits/hm-data.ts';
import type { HmTrainingData } from '../../src/outfits/train.ts';
import { newProfile } from '../../src/store/state.ts';
import type { Profile, Random } from '../../src/types.ts';

/** An empty profile with an incrementing id. */
let profiles = 0;
export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  profiles += 1;
  return { ...newProfile(`test:${profiles}`, 0), ...overrides };
}

/**
 * A small H&M-like world: `perGroup` articles in each of 3 product groups (upper, lower, shoes), split over two
 * departments; every customer buys one piece of each group, all from one department, on one of `days` days.
 * The department is the pattern a compatibility model must learn (FITB distractors share the group, not the department).
 */
export function syntheticBaskets(
  random: Random,
  { perGroup = 12, basketsPerDay = 120, days = 3 } = {},
): HmTrainingData {
  const n = perGroup * 3;
  const ids = Array.from({ length: n }, (_, i) => String(1_000_000 + i).padStart(10, '0'));
  const group = (i: number) => Math.floor(i / perGroup);
  const department = (i: number) => i % 2;
  const codes = HM_FIELDS.map((field) =>
    Int32Array.from(ids, (_, i) => {
      if (field === 'product_group_name') return group(i);
      if (field === 'department_no' || field === 'section_no') return department(i);
      if (field === 'product_code' || field === 'product_type_no') return i;
      return 0;
    }),
  );
  const labels = codes.map((column) => [...new Set(column)].map(String));
  const articles: HmArticles = { ids, index: new Map(ids.map((id, i) => [id, i])), codes, labels };
  const purchases: HmPurchase[] = [];
  let customer = 0;
  for (let d = 0; d < days; d++) {
    const day = `2020-09-${String(10 + d).padStart(2, '0')}`;
    for (let b = 0; b < basketsPerDay; b++) {
      const dep = Math.floor(random.next() * 2);
      for (let g = 0; g < 3; g++) {
        const choices = ids.map((_, i) => i).filter((i) => group(i) === g && department(i) === dep);
        const article = choices[Math.floor(random.next() * choices.length)]!;
        purchases.push({ day, customer, article, price: 0.01 + 0.01 * (article % 5) });
      }
      customer++;
    }
  }
  const dayList = [...new Set(purchases.map((p) => p.day))].sort();
  return { articles, purchases, baskets: groupBaskets(purchases), days: dayList };
}
