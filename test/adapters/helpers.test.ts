import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionText, createActionCodec } from '../../adapters/actions.ts';
import { commandText, outfitText } from '../../adapters/commands.ts';
import { buttonItems, replyItems, replyText } from '../../adapters/render.ts';
import { escapeHtml, escapeMarkdown, neutraliseMentions, splitText } from '../../adapters/text.ts';
import { makeReply, makeReplyItem } from './support/fixtures.ts';

describe('splitText', () => {
  it('keeps every chunk within the limit, loses no word and prefers line breaks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 60 }),
        fc.integer({ min: 5, max: 80 }),
        (words, limit) => {
          const text = words.join(' ');
          const chunks = splitText(text, limit);
          for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(limit);
          expect(chunks.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        },
      ),
    );
    expect(splitText('first line\nsecond line', 15)).toEqual(['first line', 'second line']);
  });

  it('measures after escaping, so escaped HTML chunks fit', () => {
    const text = '&&&& <<<< '.repeat(100);
    const chunks = splitText(text, 100, (c) => escapeHtml(c).length);
    for (const chunk of chunks) expect(escapeHtml(chunk).length).toBeLessThanOrEqual(100);
    expect(chunks.join(' ').replace(/\s+/g, ' ')).toBe(text.trim());
  });

  it('never cuts an emoji in half', () => {
    const chunks = splitText('👍'.repeat(10), 5);
    for (const chunk of chunks) expect(chunk).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});

describe('escaping', () => {
  it('escapes HTML, markdown, and breaks mass and role mentions', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(escapeMarkdown('*bold* _it_ `code` ~x~ |s|')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\~x\\~ \\|s\\|');
    const safe = neutraliseMentions('@everyone @HERE <@&123> <@456>');
    expect(safe).not.toMatch(/@everyone|@HERE|<@&123>/);
    expect(safe).toContain('<@456>');
  });
});

describe('action codec', () => {
  it('round-trips every action within the byte limit, including ids too long to inline', () => {
    const codec = createActionCodec(64);
    const longId = `demo:${'very-long-slug-'.repeat(6)}`;
    for (const id of ['hm:0108775015', 'myntra:15970', longId]) {
      for (const code of ['+', '-', 'm', 's'] as const) {
        const data = codec.encode(code, id);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(codec.decode(data)?.itemId).toBe(id);
      }
    }
    expect(codec.decode(codec.encode('-', 'hm:1'))).toEqual({ type: 'feedback', itemId: 'hm:1', value: -1 });
    expect(codec.decode('something else')).toBeUndefined();
    expect(createActionCodec(64).decode(codec.encode('s', longId))).toBeUndefined(); // another instance never saw it
    expect(actionText({ type: 'more_like', itemId: 'x' })).toBe('more like this');
  });
});

describe('commands', () => {
  it('turn into utterances the engine understands', () => {
    expect(outfitText({ occasion: 'wedding', budget: 100, color: 'navy', department: 'men' })).toBe(
      'outfit for a wedding, men, navy, under 100',
    );
    expect(outfitText({ occasion: 'interview' })).toBe('outfit for an interview');
    expect(outfitText({})).toBe('outfit');
    expect(commandText('outfit', 'for a date')).toBe('outfit for a date');
    expect(commandText('forget', 'please')).toBe('forget me');
    expect(commandText('nope', '')).toBeUndefined();
  });
});

describe('render', () => {
  it('numbers outfit pieces across looks like the engine, lists items only when the text does not name them', () => {
    const [a, b, c] = [makeReplyItem(), makeReplyItem(), makeReplyItem()];
    const reply = makeReply({
      text: 'Two looks.',
      actionable: true,
      outfits: [
        { items: [a!, b!], score: 1, explanation: 'one' },
        { items: [a!, c!], score: 1, explanation: 'two' },
      ],
    });
    expect(replyItems(reply).map(({ n, item }) => [n, item.id])).toEqual([
      [1, a!.id],
      [2, b!.id],
      [4, c!.id],
    ]);
    expect(replyText(reply)).toContain(`4. ${c!.name}`);
    const named = makeReply({ text: `1. ${a!.name}`, items: [a!], actionable: true });
    expect(replyText(named)).toBe(`1. ${a!.name}`);
    expect(buttonItems({ ...named, actionable: false })).toEqual([]);
  });
});
