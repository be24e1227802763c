import { describe, expect, it } from 'vitest';
import { escapeHtml, html, inlineSvg } from '../../src/review/html.ts';

describe('html', () => {
  it('escapes every interpolated value, nested templates stay markup', () => {
    const evil = '<img src=x onerror="alert(1)">&\'';
    const inner = html`<b>${evil}</b>`;
    expect(html`<p title="${evil}">${inner}${[evil, 1]}${undefined}${false}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;"><b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;</b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;1</p>',
    );
    expect(escapeHtml('a < b')).toBe('a &lt; b');
  });

  it('inlines plain SVG charts and withholds active content', () => {
    expect(
      inlineSvg('<?xml version="1.0"?>\n<svg viewBox="0 0 4 4"><rect width="4" height="4" fill="red"/></svg>')?.value,
    ).toBe('<svg viewBox="0 0 4 4"><rect width="4" height="4" fill="red"/></svg>');
    for (const bad of [
      '<svg><script>alert(1)</script></svg>',
      '<svg><rect onload="alert(1)"/></svg>',
      '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
      '<svg><image href="https://tracker.example/x.png"/></svg>',
      '<svg><foreignObject><iframe/></foreignObject></svg>',
      '<div>not svg</div>',
    ]) {
      expect(inlineSvg(bad)).toBeUndefined();
    }
  });
});
