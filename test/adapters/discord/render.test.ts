// The Discord renderer: exact payloads for the shapes the core produces, escaping of user text,
// and deliberate truncation to every Discord limit (saying what was left out).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Block, Reply, Tone } from '../../../src/index.js';
import { toDiscordMessage, toTextMessage } from '../../../adapters/discord/render.js';
import { limitViolations } from './helpers.js';

const reply = (over: Partial<Reply>): Reply => ({ title: 'T', lead: 'L', tone: 'neutral', blocks: [], actions: [], text: '', ...over });

const decline: Reply = {
  title: '603 Decline',
  lead: 'The callee refused the call and no other destination will take it.',
  tone: 'global-failure',
  blocks: [
    {
      type: 'fields',
      fields: [
        { label: 'Class', value: '6xx Global Failure' },
        { label: 'Retry', value: 'No: the rejection is deliberate. Only retry later if a Retry-After header says when.' },
        { label: 'RFC', value: 'RFC 3261 §21.6.2', url: 'https://www.rfc-editor.org/rfc/rfc3261#section-21.6.2' },
      ],
    },
    { type: 'text', text: 'Sent by the callee when the user rejects the call.' },
    { type: 'list', title: 'Likely causes', items: ['The user pressed Reject.', 'Do-not-disturb.'] },
    { type: 'context', text: 'Related: 486 Busy Here · 600 Busy Everywhere' },
  ],
  actions: [
    { label: '486 Busy Here', query: '486' },
    { label: '600 Busy Everywhere', query: '600' },
  ],
  text: '603 Decline: …',
};

describe('toDiscordMessage', () => {
  it('renders a code as one embed: colour by class, lead first, fields, RFC link, causes, related buttons', () => {
    expect(toDiscordMessage(decline)).toEqual({
      embeds: [
        {
          title: '603 Decline',
          color: 0x9b59b6,
          description: 'The callee refused the call and no other destination will take it.\n\nSent by the callee when the user rejects the call.',
          fields: [
            { name: 'Class', value: '6xx Global Failure', inline: true },
            { name: 'Retry', value: 'No: the rejection is deliberate. Only retry later if a Retry-After header says when.', inline: false },
            { name: 'RFC', value: '[RFC 3261 §21.6.2](https://www.rfc-editor.org/rfc/rfc3261#section-21.6.2)', inline: true },
            { name: 'Likely causes', value: '• The user pressed Reject.\n• Do-not-disturb.', inline: false },
          ],
          footer: { text: 'Related: 486 Busy Here · 600 Busy Everywhere' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: '486 Busy Here', custom_id: 'sip:486' },
            { type: 2, style: 2, label: '600 Busy Everywhere', custom_id: 'sip:600' },
          ],
        },
      ],
      allowed_mentions: { parse: [], replied_user: false },
    });
  });

  it('marks private answers ephemeral and can leave the buttons out', () => {
    const msg = toDiscordMessage(decline, { ephemeral: true, buttons: false });
    expect(msg.flags).toBe(64);
    expect(msg.components).toEqual([]);
  });

  it('starts a new embed, in its own colour, at each heading (comparisons, log findings)', () => {
    const msg = toDiscordMessage(
      reply({
        title: '486 Busy Here vs 600 Busy Everywhere',
        lead: '486 is 4xx and 600 is 6xx.',
        tone: 'global-failure',
        blocks: [
          { type: 'heading', text: '486 Busy Here', tone: 'client-failure' },
          { type: 'text', text: 'Busy at this device.' },
          { type: 'heading', text: '600 Busy Everywhere', tone: 'global-failure' },
          { type: 'text', text: 'Busy everywhere.' },
        ],
      }),
    );
    expect(msg.embeds).toEqual([
      { title: '486 Busy Here vs 600 Busy Everywhere', color: 0x9b59b6, description: '486 is 4xx and 600 is 6xx.' },
      { title: '486 Busy Here', color: 0xe67e22, description: 'Busy at this device.' },
      { title: '600 Busy Everywhere', color: 0x9b59b6, description: 'Busy everywhere.' },
    ]);
  });

  it('puts a ladder or log excerpt in a code block, after the summary', () => {
    const ladder = 'alice        proxy        bob\n  |--INVITE--->|            |\n  |            |--INVITE--->|\n  |            |<---486-----|';
    const msg = toDiscordMessage(reply({ title: 'Call failed: 486 Busy Here', lead: 'Bob was busy.', tone: 'client-failure', blocks: [{ type: 'code', text: ladder }] }));
    expect(msg.embeds[0]!.description).toBe(`Bob was busy.\n\n\`\`\`\n${ladder}\n\`\`\``);
  });

  it('gives every tone its colour', () => {
    const tones: Tone[] = ['provisional', 'success', 'redirection', 'client-failure', 'server-failure', 'global-failure', 'neutral', 'warning'];
    const colors = tones.map((tone) => toDiscordMessage(reply({ tone })).embeds[0]!.color);
    expect(new Set(colors).size).toBe(tones.length);
  });

  it('escapes markdown and neutralises mentions in every string it renders', () => {
    const evil = '**bold** _it_ `code` ~~s~~ ||spoiler|| [click](https://evil.example) # head\n> quote\n-# small @everyone @here <@123456789012345678> <@&42>';
    const msg = toDiscordMessage(
      reply({
        title: evil,
        lead: evil,
        blocks: [
          { type: 'text', text: evil },
          { type: 'fields', fields: [{ label: evil, value: evil }] },
          { type: 'list', title: evil, items: [evil] },
          { type: 'code', text: 'SIP/2.0 486\n``` @everyone <@1>' },
          { type: 'context', text: evil },
        ],
        actions: [{ label: '@everyone look', query: '486' }],
      }),
    );
    const e = msg.embeds[0]!;
    for (const s of [e.title!, e.description!, e.fields![0]!.name, e.fields![0]!.value, e.fields![1]!.name, e.fields![1]!.value]) {
      expect(s).toContain('\\*\\*bold\\*\\*');
      expect(s).toContain('\\_it\\_');
      expect(s).toContain('\\`code\\`');
      expect(s).toContain('\\~\\~s\\~\\~');
      expect(s).toContain('\\|\\|spoiler\\|\\|');
      expect(s).toContain('\\[click\\](https://evil.example)');
      expect(s).not.toMatch(/^# /m);
      expect(s).not.toMatch(/^>/m);
      expect(s).not.toMatch(/^-#/m);
    }
    const all = JSON.stringify(msg);
    expect(all).not.toMatch(/@everyone|@here|<@\d|<@&\d/);
    // The code block stays one block: the ``` inside cannot close it.
    expect(e.description!.match(/```/g)).toHaveLength(2);
    expect(msg.components[0]!.components[0]!.label).toBe('@\u200beveryone look');
  });

  it('links only http(s) URLs', () => {
    const msg = toDiscordMessage(reply({ blocks: [{ type: 'fields', fields: [{ label: 'RFC', value: 'RFC 3261', url: 'javascript:alert(1)' }] }] }));
    expect(msg.embeds[0]!.fields![0]!.value).toBe('RFC 3261');
  });

  it('renders a short text message that pings nobody', () => {
    expect(toTextMessage('Sorry @everyone, *oops*', { ephemeral: true })).toEqual({
      content: 'Sorry @\u200beveryone, \\*oops\\*',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [], replied_user: false },
      flags: 64,
    });
  });
});

describe('toDiscordMessage truncation', () => {
  it('clips a long title and a long description, and says it shortened them', () => {
    const msg = toDiscordMessage(reply({ title: 'x'.repeat(400), lead: 'y'.repeat(5000) }));
    const e = msg.embeds[0]!;
    expect(e.title).toHaveLength(256);
    expect(e.title!.endsWith('…')).toBe(true);
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(e.description!.endsWith('…')).toBe(true);
    expect(e.footer?.text).toBe("Shortened to fit Discord's limits.");
    expect(limitViolations(msg)).toEqual([]);
  });

  it('cuts a 2000-line log block at whole lines and says how many lines were left out', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(4, '0')} SIP/2.0 180 Ringing`);
    const msg = toDiscordMessage(reply({ title: 'Call failed', lead: 'Summary first.', blocks: [{ type: 'code', text: lines.join('\n') }] }));
    const d = msg.embeds[0]!.description!;
    expect(d.startsWith('Summary first.\n\n```\n0000 SIP/2.0 180 Ringing\n')).toBe(true);
    expect(d.endsWith('\n```')).toBe(true);
    const shown = d.split('\n').filter((l) => /^\d{4} /.test(l)).length;
    const more = Number(d.match(/… (\d+) more lines\n```$/)![1]);
    expect(shown + more).toBe(2000);
    expect(msg.embeds[0]!.footer?.text).toBe(`Left out to fit Discord's limits: ${more} lines.`);
    expect(limitViolations(msg)).toEqual([]);
  });

  it('keeps the findings of a log visible after a long ladder: the code block is cut first', () => {
    const ladder = Array.from({ length: 300 }, (_, i) => `  |--${i % 2 ? '100 Trying' : 'INVITE'}-------->|  call ${i}`).join('\n');
    const blocks: Block[] = [{ type: 'code', text: ladder }];
    for (const code of [401, 407, 486]) blocks.push({ type: 'heading', text: `${code} finding`, tone: 'client-failure' }, { type: 'text', text: 'x'.repeat(600) });
    const msg = toDiscordMessage(reply({ title: 'Call failed: 486 Busy Here', lead: 'The callee was busy after two auth challenges.', tone: 'client-failure', blocks }));
    expect(msg.embeds.map((e) => e.title)).toEqual(['Call failed: 486 Busy Here', '401 finding', '407 finding', '486 finding']);
    expect(msg.embeds[0]!.description!.startsWith('The callee was busy after two auth challenges.\n\n```\n')).toBe(true);
    expect(msg.embeds[0]!.description).toMatch(/… \d+ more lines\n```$/);
    expect(limitViolations(msg)).toEqual([]);
  });

  it('continues a long list over several fields, then ends it with "…and N more"', () => {
    const items = Array.from({ length: 200 }, (_, i) => `${400 + (i % 100)} Reason ${i}: a sentence long enough to take some room in the field.`);
    const msg = toDiscordMessage(reply({ title: '4xx Request Failure', lead: 'Request failure.', blocks: [{ type: 'list', title: 'Codes', items }] }));
    const fields = msg.embeds[0]!.fields!;
    expect(fields[0]!.name).toBe('Codes');
    expect(fields.length).toBeGreaterThan(1);
    expect(fields.slice(1).every((f) => f.name === '\u200b')).toBe(true);
    const last = fields.at(-1)!.value;
    const more = Number(last.match(/…and (\d+) more$/)![1]);
    const shown = fields.flatMap((f) => f.value.split('\n')).filter((l) => l.startsWith('• ')).length;
    expect(shown + more).toBe(200);
    expect(msg.embeds[0]!.footer?.text).toBe(`Left out to fit Discord's limits: ${more} list items.`);
    expect(limitViolations(msg)).toEqual([]);
  });

  it('keeps at most 10 embeds and 25 fields, and names what it left out', () => {
    const blocks: Block[] = [];
    for (let i = 0; i < 14; i++) blocks.push({ type: 'heading', text: `Finding ${i}` }, { type: 'text', text: `Detail ${i}` });
    const many = toDiscordMessage(reply({ blocks }));
    expect(many.embeds).toHaveLength(10);
    expect(many.embeds.at(-1)!.footer?.text).toBe("Left out to fit Discord's limits: 5 sections. Ask about one code at a time for the full answer.");

    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: `v${i}` }));
    const wide = toDiscordMessage(reply({ blocks: [{ type: 'fields', fields }] }));
    expect(wide.embeds[0]!.fields).toHaveLength(25);
    expect(wide.embeds[0]!.footer?.text).toBe("Left out to fit Discord's limits: 5 fields. Ask about one code at a time for the full answer.");
  });

  it('keeps all embeds together within 6000 characters, dropping later sections first', () => {
    const blocks: Block[] = [];
    for (let i = 0; i < 8; i++) blocks.push({ type: 'heading', text: `Code ${i}` }, { type: 'text', text: 'z'.repeat(1500) });
    const msg = toDiscordMessage(reply({ blocks }));
    expect(limitViolations(msg)).toEqual([]);
    expect(msg.embeds.length).toBeLessThan(9);
    expect(msg.embeds.at(-1)!.footer!.text).toMatch(/Left out to fit Discord's limits: \d+ sections?\./);
  });

  it('makes at most 25 buttons in 5 rows of 5, unique, with labels cut to 80', () => {
    const actions = Array.from({ length: 40 }, (_, i) => ({ label: `${400 + i} ${'Long reason '.repeat(10)}`, query: String(400 + i) }));
    actions.push({ label: 'dup', query: '400' }, { label: 'too long', query: 'q'.repeat(97) });
    const msg = toDiscordMessage(reply({ actions }));
    expect(msg.components).toHaveLength(5);
    expect(msg.components.every((r) => r.components.length === 5)).toBe(true);
    const labels = msg.components.flatMap((r) => r.components.map((b) => b.label));
    expect(labels.every((l) => (l ?? '').length <= 80)).toBe(true);
    expect(labels[0]!.endsWith('…')).toBe(true);
    expect(msg.embeds[0]!.footer?.text).toBe("Left out to fit Discord's limits: 15 related codes.");
    expect(limitViolations(msg)).toEqual([]);
  });

  it('stays within every limit for any reply (property test)', () => {
    const text = fc.string({ maxLength: 3000, unit: fc.constantFrom('a', ' ', '\n', '*', '_', '`', '@', '<', '>', '#', '[', ']', '\\', 'é', '😀', 'everyone') });
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.record({ type: fc.constant('heading' as const), text }),
      fc.record({ type: fc.constant('text' as const), text }),
      fc.record({ type: fc.constant('code' as const), text }),
      fc.record({ type: fc.constant('context' as const), text }),
      fc.record({ type: fc.constant('list' as const), title: text, items: fc.array(text, { maxLength: 40 }) }),
      fc.record({ type: fc.constant('fields' as const), fields: fc.array(fc.record({ label: text, value: text }), { maxLength: 30 }) }),
    );
    const anyReply = fc.record({
      title: text,
      lead: text,
      tone: fc.constantFrom<Tone>('provisional', 'success', 'warning'),
      blocks: fc.array(block, { maxLength: 20 }),
      actions: fc.array(fc.record({ label: text, query: text }), { maxLength: 40 }),
      text: fc.constant(''),
    });
    fc.assert(
      fc.property(anyReply, (r) => {
        const msg = toDiscordMessage(r);
        expect(limitViolations(msg)).toEqual([]);
        // custom_id is never shown; everything else must be neutral.
        const shown = JSON.stringify({ ...msg, components: msg.components.map((row) => row.components.map((b) => b.label)) });
        expect(shown).not.toMatch(/@everyone|<@\d/);
      }),
      { numRuns: 150 },
    );
  });
});
