/** "What's trending?", "are cardigans coming back?" — answered from the trend predictor. */

import { perCatalog } from '../../catalog/memo.ts';
import { type LexiconKind, term } from '../../nlg/lexicon.ts';
import type { Catalog, Gender, Language, Parse, Session, Slots, StateEvent, TrendForecast } from '../../types.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;

const COUNTRY_NAMES = {
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
  zh: new Intl.DisplayNames(['zh'], { type: 'region' }),
};

/**
 * A region code as people say it: `GB` → "the United Kingdom"; the service's aggregates get their own names.
 * @example
 * regionName('US') // 'the United States'
 * regionName('US', 'zh') // '美国'
 */
export function regionName(region: string, language: Language = 'en'): string {
  if (language === 'zh') {
    if (region === 'EN') return '英语国家';
    if (region === 'world') return '全球';
    try {
      return COUNTRY_NAMES.zh.of(region) ?? region;
    } catch {
      return region;
    }
  }
  if (region === 'EN') return 'English-speaking countries';
  if (region === 'world') return 'the world';
  if (region === 'IT') return 'Italy';
  try {
    const name = COUNTRY_NAMES.en.of(region) ?? region;
    return /^(United|Philippines|Netherlands)/.test(name) ? `the ${name}` : name;
  } catch {
    return region;
  }
}

const TERM_KINDS: LexiconKind[] = ['articleType', 'color', 'material', 'pattern'];

/** A trend term (an article type, colour, material or pattern) in the reply's language. */
function termName(value: string, language: Language): string {
  if (language === 'zh') {
    for (const kind of TERM_KINDS) {
      const name = term(kind, value, 'zh');
      if (name !== value.replace(/[-_]/g, ' ')) return name;
    }
  }
  return value.replace(/-/g, ' ');
}

const line = (f: TrendForecast, language: Language) =>
  language === 'zh'
    ? `• ${termName(f.term, language)}（${regionName(f.region, language)}）：${term('trendLabel', f.label, language)}，${pct(f.change)}`
    : `• ${termName(f.term, language)} (${regionName(f.region)}): ${f.label}, ${pct(f.change)}`;

/** How many rising terms "what's trending?" lists, and how many it looks through to find them for a department. */
const TOP_SHOWN = 5;
const TOP_CANDIDATES = 60;

/** Below this share of a kind of piece in the catalogue, a department does not wear it (8 of 1,548 jumpsuits are men's). */
const WORN_SHARE = 0.05;
/** Answers of `worn`, per catalogue: department|term → worn. */
const wornAnswers = perCatalog(() => new Map<string, boolean>());

/**
 * Whether a department wears what a trend term names: at least `WORN_SHARE` of the catalogue's pieces of it are for
 * that department or for anyone, or the term is no kind of piece the catalogue knows (a colour, a fabric).
 */
function worn(catalog: Catalog, term: string, gender: Gender): boolean {
  const known = wornAnswers(catalog);
  const key = `${gender}|${term}`;
  let answer = known.get(key);
  if (answer === undefined) {
    // Two catalogue scans: a few milliseconds each, so worked out once per term and department.
    const all = catalog.match({ categories: [term] }).length;
    answer = all === 0 || catalog.match({ categories: [term], genders: [gender, 'unisex'] }).length >= WORN_SHARE * all;
    known.set(key, answer);
  }
  return answer;
}

/**
 * The shopper's own words for a narrower kind of piece than the trend series covers ("cargo pants", 阔腿裤: a detail
 * and a kind), or undefined when the question names no detail.
 * @example
 * narrowerAsked(parseOf('are cargo pants still a thing'), 'en') // 'cargo pants'
 */
export function narrowerAsked(parse: Parse, language: Language): string | undefined {
  if (!parse.slots.detail?.length) return undefined;
  const spans = parse.spans
    .filter((s) => s.slot === 'detail' || s.slot === 'category')
    .sort((a, b) => a.start - b.start);
  const words: string[] = [];
  let end = -1;
  for (const span of spans) {
    if (span.start >= end) words.push(parse.text.slice(span.start, span.end));
    end = Math.max(end, span.end);
  }
  return words.length ? words.join(language === 'zh' ? '' : ' ') : undefined;
}

/**
 * "What's trending for men?": the department stays for the searches that follow ("ok show me some cargo pants"),
 * kept in the request being worked on.
 */
function departmentKept(slots: Slots, session: Session): StateEvent[] {
  if (!slots.gender) return [];
  const request = session.request ?? { intent: 'product_search' as const, slots: {} };
  return [{ type: 'request_set', request: { ...request, slots: { ...request.slots, gender: slots.gender } } }];
}

export const trendQuery: Action = (context) => {
  const events = departmentKept(context.parse.slots, context.state.session);
  const result = answerTrend(context);
  return { ...result, events: [...events, ...result.events] };
};

function answerTrend({ slots, deps, state, parse }: TurnContext): ActionResult {
  const { trends } = deps;
  const language = state.profile.language ?? parse.language;
  if (!trends) return { events: [], say: [{ key: 'trends_unavailable' }] };
  const subject = slots.category ?? slots.color?.[0] ?? slots.material ?? slots.pattern;
  const query = { term: subject, region: slots.region, season: slots.season, horizon: 12 };
  if (!subject) {
    // "What's trending for men?": only what the shopper's department wears (no dresses for men).
    const gender = slots.gender ?? state.profile.gender;
    const top = trends
      .top(query, TOP_CANDIDATES)
      .filter((f) => !gender || worn(deps.catalog, f.term, gender))
      .slice(0, TOP_SHOWN);
    const [first] = top;
    if (!first) return { events: [], say: [{ key: 'trends_unavailable' }] };
    const asOf = first.history.at(-1)?.week ?? '';
    return {
      events: [],
      say: [{ key: 'trends_top', vars: { asOf } }, { lines: top.map((f) => line(f, language)) }],
      chart: { title: `${first.term} — forecast`, svg: trends.chart(first) },
    };
  }
  const forecast = trends.forecast(query);
  if (!forecast) return { events: [], say: [{ key: 'trend_unknown', vars: { term: termName(subject, language) } }] };
  const weeks = forecast.forecast.length;
  const asked = narrowerAsked(parse, language);
  const broader = asked ? [{ key: 'trend_broader', vars: { asked, term: termName(forecast.term, language) } }] : [];
  return {
    events: [],
    say: [
      ...broader,
      {
        key: `trend_${forecast.label}`,
        vars: {
          term: termName(forecast.term, language),
          region: regionName(forecast.region, language),
          change: pct(forecast.change),
          weeks,
          asOf: forecast.history.at(-1)?.week ?? '',
          source: forecast.dataset,
        },
      },
    ],
    chart: { title: `${forecast.term} (${forecast.region}) — forecast`, svg: trends.chart(forecast) },
  };
}
