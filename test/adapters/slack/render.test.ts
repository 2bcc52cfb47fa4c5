// The Block Kit renderer: exact payloads for hand-written Replies, escaping of every Reply string,
// and deliberate truncation within Slack's limits.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/index.js';
import { toBlockKit } from '../../../adapters/slack/render.js';
import { decodeSlackText, escapeText, fitText } from '../../../adapters/slack/mrkdwn.js';
import {
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_FIELDS,
  MAX_HEADER_TEXT,
  MAX_OPTION_TEXT,
  MAX_SECTION_TEXT,
  MAX_SELECT_OPTIONS,
} from '../../../adapters/slack/limits.js';
import { allStrings } from '../../fakes/slack.js';

const decline: Reply = {
  title: '603 Decline',
  lead: 'The callee refused the call and no other destination will take it.',
  tone: 'global-failure',
  blocks: [
    {
      type: 'fields',
      fields: [
        { label: 'Class', value: '6xx Global Failure' },
        { label: 'Type', value: 'Final' },
        { label: 'RFC', value: 'RFC 3261 §21.6.2', url: 'https://www.rfc-editor.org/rfc/rfc3261#section-21.6.2' },
      ],
    },
    { type: 'list', title: 'Likely causes', items: ['The user pressed Decline.', 'Do-not-disturb.'] },
    { type: 'context', text: 'Related: 486 Busy Here · 600 Busy Everywhere' },
  ],
  actions: [
    { label: '486 Busy Here', query: '486' },
    { label: '600 Busy Everywhere', query: '600' },
  ],
  text: '603 Decline: The callee refused the call and no other destination will take it.',
};

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

describe('toBlockKit', () => {
  it('renders 603 Decline as header, summary, fields with the RFC link, causes, context and code buttons', () => {
    expect(toBlockKit(decline)).toEqual({
      text: '603 Decline: The callee refused the call and no other destination will take it.',
      blocks: [
        { type: 'header', text: plain('603 Decline') },
        { type: 'section', text: mrkdwn('The callee refused the call and no other destination will take it.') },
        {
          type: 'section',
          fields: [
            mrkdwn('*Class*\n6xx Global Failure'),
            mrkdwn('*Type*\nFinal'),
            mrkdwn('*RFC*\n<https://www.rfc-editor.org/rfc/rfc3261#section-21.6.2|RFC 3261 §21.6.2>'),
          ],
        },
        { type: 'section', text: mrkdwn('*Likely causes*\n• The user pressed Decline.\n• Do-not-disturb.') },
        { type: 'context', elements: [mrkdwn('Related: 486 Busy Here · 600 Busy Everywhere')] },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'sip_show:0', text: plain('486 Busy Here'), value: '486' },
            { type: 'button', action_id: 'sip_show:1', text: plain('600 Busy Everywhere'), value: '600' },
          ],
        },
      ],
    });
  });

  it('adds the Share button, who shared or asked, and a note at the end', () => {
    const { blocks } = toBlockKit({ ...decline, blocks: [], actions: [] }, { shareValue: 'q:603', sharedBy: 'U0123ABC', askedBy: 'U0456DEF', note: 'A note <!here>' });
    expect(blocks.slice(2)).toEqual([
      { type: 'actions', elements: [{ type: 'button', action_id: 'sip_share', text: plain('Share in channel'), style: 'primary', value: 'q:603' }] },
      { type: 'context', elements: [mrkdwn('Asked by <@U0456DEF>'), mrkdwn('Shared by <@U0123ABC>'), mrkdwn('A note &lt;!here&gt;')] },
    ]);
  });

  it('refuses user ids that are not Slack ids instead of putting them into a mention', () => {
    const { blocks } = toBlockKit({ ...decline, blocks: [], actions: [] }, { sharedBy: 'U1> <!channel' });
    expect(blocks).toHaveLength(2);
  });

  it('renders headings bold, code fenced and escaped, context small', () => {
    const reply: Reply = {
      title: 'Log explained',
      lead: 'Final 486 Busy Here after 180 Ringing.',
      tone: 'client-failure',
      blocks: [
        { type: 'heading', text: '486 Busy Here' },
        { type: 'code', text: 'INVITE sip:bob@example.com\n  <- 180 Ringing\n  <- 486 Busy Here ```' },
        { type: 'context', text: 'From line 3' },
      ],
      actions: [],
      text: 'Log explained',
    };
    expect(toBlockKit(reply).blocks).toEqual([
      { type: 'header', text: plain('Log explained') },
      { type: 'section', text: mrkdwn('Final 486 Busy Here after 180 Ringing.') },
      { type: 'section', text: mrkdwn('*486 Busy Here*') },
      { type: 'section', text: mrkdwn('```\nINVITE sip:bob@example.com\n  &lt;- 180 Ringing\n  &lt;- 486 Busy Here `\u200b`\u200b`\n```') },
      { type: 'context', elements: [mrkdwn('From line 3')] },
    ]);
  });

  it('escapes every string from the Reply, so user text cannot mention or broadcast', () => {
    const evil = 'x <!channel> <!here> <!everyone> <@U123> <!subteam^S1|@ops> <https://evil.example|click> & @here';
    const reply: Reply = {
      title: `No match for ${evil}`,
      lead: evil,
      tone: 'neutral',
      blocks: [
        { type: 'heading', text: evil },
        { type: 'text', text: evil },
        { type: 'fields', fields: [{ label: evil, value: evil, url: 'javascript:alert(1)' }] },
        { type: 'list', title: evil, items: [evil] },
        { type: 'code', text: evil },
        { type: 'context', text: evil },
      ],
      actions: [{ label: evil, query: evil }],
      text: evil,
    };
    const out = toBlockKit(reply, { note: evil });
    // Button and option values are never displayed: they carry the query as is, for the core to read.
    const shown = JSON.parse(JSON.stringify(out), (key, v: unknown) => (key === 'value' ? undefined : v));
    const strings = allStrings(shown).filter((s) => s.includes('x '));
    expect(strings.length).toBeGreaterThanOrEqual(10);
    for (const s of strings) {
      expect(s).not.toMatch(/<[!@#h]/);
      expect(s).not.toMatch(/(^|[^\w@])@(channel|here|everyone)\b/);
      expect(s).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(allStrings(out)).toContain(evil);
  });

  it('fits 200 list items into one section and says how many were left out', () => {
    const items = Array.from({ length: 200 }, (_, i) => `${400 + i} Some Reason: a summary line that is long enough to matter, number ${i}.`);
    const { blocks } = toBlockKit({ ...decline, blocks: [{ type: 'list', title: 'Codes', items }], actions: [] });
    const text = (blocks[2] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    const shown = text.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(10);
    expect(text.endsWith(`\n…and ${200 - shown} more`)).toBe(true);
  });

  it('keeps a 500-line log reply within every limit and says what was left out', () => {
    const ladder = Array.from({ length: 500 }, (_, i) => `${String(i).padStart(3, '0')} 10.0.0.1 -> 10.0.0.2  SIP/2.0 ${[180, 183, 486][i % 3]} <!channel> & co`).join('\n');
    const reply: Reply = {
      title: `Log explained: ${'very long title '.repeat(20)}`,
      lead: 'Final 486 Busy Here. '.repeat(200),
      tone: 'client-failure',
      blocks: [
        { type: 'text', text: 'Summary '.repeat(600) },
        { type: 'code', text: ladder },
        { type: 'fields', fields: Array.from({ length: 23 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(2500) })) },
        ...Array.from({ length: 80 }, (_, i) => ({ type: 'context' as const, text: `finding ${i}` })),
      ],
      actions: Array.from({ length: 150 }, (_, i) => ({ label: `${100 + i} ${'Reason '.repeat(20)}`, query: String(100 + i) })),
      text: ladder,
    };
    const out = toBlockKit(reply, { shareValue: 'p:0000' });
    expect(out.blocks.length).toBe(MAX_BLOCKS);
    expect(out.text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT);
    expect(out.text).toMatch(/more characters\)$/);
    const [header, lead, summary, code] = out.blocks as any[];
    expect(header.text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    expect(lead.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(summary.text.text).toMatch(/… \([\d,]+ more characters\)$/);
    expect(code.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(code.text.text).toMatch(/```\n…and \d+ more lines$/);
    const fieldBlocks = out.blocks.filter((b: any) => b.fields);
    expect(fieldBlocks).toHaveLength(3);
    for (const b of fieldBlocks as any[]) {
      expect(b.fields.length).toBeLessThanOrEqual(MAX_FIELDS);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(MAX_FIELD_TEXT);
    }
    const notes = out.blocks.filter((b: any) => b.type === 'context').map((b: any) => b.elements[0].text);
    expect(notes.some((t: string) => /^…and \d+ more sections left out/.test(t))).toBe(true);
    expect(notes).toContain(`…and ${150 - 4 - MAX_SELECT_OPTIONS} more codes not listed.`);
    const [related, share] = out.blocks.filter((b: any) => b.type === 'actions') as any[];
    expect(related.elements.filter((e: any) => e.type === 'button')).toHaveLength(4);
    const menu = related.elements.find((e: any) => e.type === 'static_select');
    expect(menu.options).toHaveLength(MAX_SELECT_OPTIONS);
    for (const e of related.elements) if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(MAX_BUTTON_TEXT);
    for (const o of menu.options) expect(o.text.text.length).toBeLessThanOrEqual(MAX_OPTION_TEXT);
    expect(share.elements[0].action_id).toBe('sip_share');
    for (const s of allStrings(out)) expect(s).not.toContain('<!channel>');
  });
});

describe('Slack text helpers', () => {
  it('escapes &, < and > and defuses bare broadcasts', () => {
    expect(escapeText('a & b <!here> c > d')).toBe('a &amp; b &lt;!here&gt; c &gt; d');
    expect(escapeText('@here now, alice@here.example')).toBe('@\u2060here now, alice@here.example');
  });

  it('cuts escaped text without splitting an entity and says how much was left out', () => {
    const out = fitText('<'.repeat(100), 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out).toMatch(/^(&lt;)+… \(\d+ more characters\)$/);
  });

  it('decodes what Slack sends back into what the user typed', () => {
    expect(decodeSlackText('<@U1|alice> <!here> <#C1|ops> <https://x.example|x> From: &lt;sip:a@b&gt; &amp;')).toBe('@alice @here #ops x From: <sip:a@b> &');
  });
});
