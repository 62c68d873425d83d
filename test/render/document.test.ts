import { describe, expect, it } from 'vitest';
import { parseMarkdown, replyBlocks, safeHref } from '../../adapters/shared/render/document.ts';
import { protectMasks } from '../../adapters/shared/render/markdown-it.ts';
import { FIXTURES } from './fixtures.ts';

describe('the shared document every channel renders', () => {
  it('reads paragraphs, bold and lists from markdown-it tokens', () => {
    const [intro, list, outro] = parseMarkdown(FIXTURES.feesEn);
    expect(intro).toMatchObject({
      kind: 'paragraph',
      inlines: [{ kind: 'text' }, { kind: 'strong', children: [{ kind: 'text', text: 'before' }] }, { kind: 'text' }],
    });
    expect(list).toMatchObject({ kind: 'list', ordered: false });
    expect(list?.kind === 'list' && list.items).toHaveLength(3);
    expect(outro?.kind).toBe('paragraph');
    expect(parseMarkdown('3. c\n4. d')).toMatchObject([{ kind: 'list', ordered: true, start: 3 }]);
  });

  it('keeps only links a customer may follow', () => {
    expect(['https://a.example', 'http://a.example', 'mailto:a@b.example', 'tel:+8610'].map(safeHref)).toEqual([
      'https://a.example',
      'http://a.example',
      'mailto:a@b.example',
      'tel:+8610',
    ]);
    expect(
      ['javascript:alert(1)', '/relative', '//evil.example', 'data:text/html,x', 'vbscript:x', ''].map(safeHref),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(parseMarkdown('[a](/x) [b](https://b.example)')).toEqual([
      {
        kind: 'paragraph',
        inlines: [
          { kind: 'text', text: 'a ' },
          { kind: 'link', href: 'https://b.example', children: [{ kind: 'text', text: 'b' }] },
        ],
      },
    ]);
  });

  it('protects masked numbers, not bold', () => {
    expect(protectMasks('138****1001 **粗** +44*0002 l***i@x.example')).toBe(
      '138\\*\\*\\*\\*1001 **粗** +44\\*0002 l\\*\\*\\*i@x.example',
    );
    expect(parseMarkdown('138****1001 and 139****2002')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: '138****1001 and 139****2002' }] },
    ]);
  });

  it('an agent’s name leads the message as literal text', () => {
    expect(replyBlocks({ text: 'hi **there**', from: 'agent', agentName: '*Lin*' })[0]).toEqual({
      kind: 'paragraph',
      inlines: [
        { kind: 'text', text: '*Lin*: hi ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'there' }] },
      ],
    });
    expect(replyBlocks({ text: 'hi', agentName: 'Lin' })).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'hi' }] },
    ]);
  });
});
