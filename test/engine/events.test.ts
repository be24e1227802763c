import { describe, expect, it } from 'vitest';
import { applyEvents, beginTurn } from '../../src/engine/events.ts';
import { newUserState } from '../../src/store/state.ts';

describe('applyEvents', () => {
  const state = newUserState('u', 0);

  it('never modifies the state it is given', () => {
    const frozen = structuredClone(state);
    applyEvents(
      state,
      [
        { type: 'color_disliked', color: 'yellow' },
        { type: 'item_saved', itemId: 'x' },
      ],
      5,
    );
    expect(state).toEqual(frozen);
  });

  it('moves a colour between liked and disliked', () => {
    const disliked = applyEvents(
      state,
      [
        { type: 'color_liked', color: 'red' },
        { type: 'color_disliked', color: 'red' },
      ],
      1,
    );
    expect(disliked.profile.dislikedColors).toEqual(['red']);
    expect(disliked.profile.likedColors).toEqual([]);
  });

  it('keeps one feedback entry per item, the latest', () => {
    const next = applyEvents(
      state,
      [
        { type: 'feedback_given', itemId: 'a', value: 1 },
        { type: 'feedback_given', itemId: 'a', value: -1 },
      ],
      9,
    );
    expect(next.profile.feedback).toEqual([{ itemId: 'a', value: -1, at: 9 }]);
  });

  it('remembers that a tone was chosen, the default one too', () => {
    const next = applyEvents(state, [{ type: 'tone_set', tone: 'friendly' }], 1);
    expect(next.profile).toMatchObject({ tone: 'friendly', toneChosen: true });
  });

  it('records what was shown, counts turns and clears a pending question', () => {
    const asked = applyEvents(
      beginTurn(state, 'outfit_request', 1),
      [{ type: 'awaiting_set', slot: 'occasion', intent: 'outfit_request' }],
      1,
    );
    expect(asked.session.awaiting).toEqual({ slot: 'occasion', intent: 'outfit_request' });
    const shown = applyEvents(
      beginTurn(asked, 'outfit_request', 2),
      [{ type: 'shown', itemIds: ['a', 'b'], outfits: [['a', 'b']], signals: [] }],
      2,
    );
    expect(shown.session).toMatchObject({
      lastShown: ['a', 'b'],
      turns: 2,
      awaiting: undefined,
      lastIntent: 'outfit_request',
    });
  });
});
