/** The routing tables are complete by type: an intent without a route, or a named action without code, does not compile. */
import { expectTypeOf, test } from 'vitest';
import { ACTIONS } from '../../src/engine/actions/index.ts';
import type { Action } from '../../src/engine/context.ts';
import type { ActionName, Route } from '../../src/engine/decision.ts';
import { ROUTES } from '../../src/engine/policy.ts';
import type { Intent } from '../../src/types.ts';

test('every intent has exactly one route', () => {
  expectTypeOf(ROUTES).toEqualTypeOf<Record<Intent, Route>>();
  const { greet: _, ...withoutGreet } = ROUTES;
  // @ts-expect-error an intent left without a route is rejected
  const missing: Record<Intent, Route> = withoutGreet;
  // @ts-expect-error a route for an intent that does not exist is rejected
  const extra: Record<Intent, Route> = { ...ROUTES, greeting: ROUTES.greet };
  expectTypeOf(missing).toEqualTypeOf(extra);
});

test('every named action has its code', () => {
  expectTypeOf(ACTIONS).toEqualTypeOf<Record<ActionName, Action>>();
  const { clarify: _, ...withoutClarify } = ACTIONS;
  // @ts-expect-error a named action without code is rejected
  const missing: Record<ActionName, Action> = withoutClarify;
  expectTypeOf(missing).toEqualTypeOf<Record<ActionName, Action>>();
});

test('a decision names an action the table knows', () => {
  expectTypeOf<'pair_with'>().toExtend<ActionName>();
  expectTypeOf<'refine'>().toExtend<ActionName>();
  expectTypeOf<'no_such_action'>().not.toExtend<ActionName>();
});
