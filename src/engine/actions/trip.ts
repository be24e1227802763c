/**
 * A look request that names a place ("going to tokyo in march, need outfits", 下个月去三亚玩): the place's climate in
 * the month of the trip sets the season and the weather the pieces are chosen for, and the reply says so in a line.
 * A city the climate table does not know is said honestly, and the looks are for the season of the trip's month.
 */
import { placeName, weatherAdvice } from '../../knowledge/advice/weather.ts';
import { bundledKnowledge } from '../../knowledge/load.ts';
import type { Slots } from '../../types.ts';
import type { Say, TurnContext } from '../context.ts';

/**
 * The request's slots with the trip's season and weather, and the line that says what they are; the slots as they
 * are when the request names no place or already says how warm it will be.
 * @example
 * tripWeather(context, { place: 'tokyo', month: 3, occasion: 'travel' })
 * // { slots: { …, season: 'spring', weather: { temperatureC: 9 } }, say: { key: 'advice_answer', … } }
 */
export function tripWeather(context: TurnContext, slots: Slots): { slots: Slots; say?: Say } {
  if (!slots.place || slots.season || slots.weather?.temperatureC !== undefined) return { slots };
  const { deps, parse, state, now } = context;
  const knowledge = deps.knowledge ?? bundledKnowledge();
  const language = state.profile.language ?? parse.language;
  const answer = weatherAdvice(knowledge, {
    slots,
    text: parse.text,
    language,
    now,
    gender: slots.gender ?? state.profile.gender,
  });
  if (!answer.carry?.season) {
    const name = placeName(knowledge, slots.place, language);
    return answer.question ? { slots, say: { key: 'trip_unknown_place', vars: { place: name } } } : { slots };
  }
  const say: Say = { key: 'advice_answer', vars: { advice: answer.text } };
  const { season, weather } = answer.carry;
  return { slots: { ...slots, season, ...(weather ? { weather } : {}) }, say };
}
