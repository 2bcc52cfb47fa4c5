// The Mattermost renderer: exact markdown for a small reply, and a long reply cut on purpose.
import { describe, expect, it } from 'vitest';
import { MAX_TEXT, toMarkdown } from '../../../adapters/mattermost/render.js';
import type { Reply } from '../../../src/index.js';

const base: Reply = { title: '486 Busy Here', lead: 'The callee is busy.', tone: 'client-failure', blocks: [], actions: [], text: '' };

describe('toMarkdown', () => {
  it('renders title, fields, lists, code and related codes, escaping markdown in the text', () => {
    const reply: Reply = {
      ...base,
      blocks: [
        { type: 'fields', fields: [{ label: 'RFC', value: 'RFC 3261 §21.4.24', url: 'https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24' }] },
        { type: 'list', title: 'Check', items: ['the *callee* _device_'] },
        { type: 'code', text: 'INVITE ->\n<- 486' },
      ],
      actions: [{ label: '600', query: '600' }],
    };
    expect(toMarkdown(reply)).toBe(
      [
        '**486 Busy Here**: The callee is busy.',
        '- **RFC:** [RFC 3261 §21.4.24](https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24)',
        '**Check:**',
        '- the \\*callee\\* \\_device\\_',
        '```',
        'INVITE ->',
        '<- 486',
        '```',
        '',
        '_Related: 600_',
      ].join('\n'),
    );
  });

  it('cuts a long reply at whole lines, closes an open code block and says how much was left out', () => {
    const reply: Reply = { ...base, blocks: [{ type: 'code', text: Array.from({ length: 3000 }, (_, i) => `line ${i} of the ladder`).join('\n') }] };
    const out = toMarkdown(reply);
    expect(out.length).toBeLessThanOrEqual(MAX_TEXT);
    const left = /…and (\d+) more lines left out\.$/.exec(out);
    expect(left).not.toBeNull();
    const shown = out.split('\n').filter((l) => l.startsWith('line ')).length;
    // Every line is either shown or counted (the closing fence of the original is among those left out).
    expect(shown + Number(left![1])).toBe(3000 + 1);
    expect(out.match(/^```$/gm)).toHaveLength(2);
  });
});
