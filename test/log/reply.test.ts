// logReply: the neutral reply for an explained log (outcome first, ladder, one part per code, causes, HTTP).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainLog } from '../../src/log/explain.js';
import { logReply } from '../../src/reply/log.js';

const DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const reply = (f: string) => logReply(explainLog(readFileSync(`${DIR}${f}`, 'utf8')));

describe('logReply', () => {
  it('leads with the outcome and shows the ladder, one part per code, one action per code', () => {
    const r = reply('sipp-uac-407-then-486.trace_msg.log');
    expect(r.title).toBe('486 Busy Here');
    expect(r.lead).toMatch(/^final 486 Busy Here/);
    expect(r.tone).toBe('client-failure');
    expect(r.blocks[0]?.type).toBe('code');
    const headings = r.blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toEqual(['407 Proxy Authentication Required', '100 Trying', '180 Ringing', '486 Busy Here']);
    expect(r.actions).toEqual([
      { label: '407 Proxy Authentication Required', query: '407' },
      { label: '100 Trying', query: '100' },
      { label: '180 Ringing', query: '180' },
      { label: '486 Busy Here', query: '486' },
    ]);
    expect(r.text.startsWith('486 Busy Here: final 486 Busy Here')).toBe(true);
    expect(r.text).toContain('|<-486 Busy Here');
    expect(r.text.length).toBeLessThan(3000);
  });

  it('notes a phrase that differs from the registry', () => {
    const r = reply('raw-sip-486-busy-phrase.txt');
    expect(r.text).toContain('Sent as "Busy", which differs from the registered "Busy Here"');
  });

  it('lists Q.850 causes with their SIP mapping and where the programs differ', () => {
    const r = logReply(explainLog('Reason: Q.850;cause=21;text="Call rejected"'));
    const list = r.blocks.find((b) => b.type === 'list') as { title: string; items: string[] };
    expect(list.title).toBe('Q.850 causes');
    expect(list.items[0]).toMatch(/^21 Call rejected \(line 1 as Q\.850;cause=21\) → SIP 403 per RFC 3398 \(FreeSWITCH sends 603\)/);
  });

  it('lists Warning headers and says HTTP is not SIP', () => {
    expect(reply('tshark-verbose-488-warning.txt').text).toMatch(/Warning headers:\n  • 304 "Media type not available"/);
    const h = reply('nginx-access-404.txt');
    expect(h.title).toBe('HTTP, not SIP');
    expect(h.actions).toEqual([]);
    expect(h.text).toContain('HTTP statuses are not SIP responses');
  });

  it('stays short for a huge paste and gives counts', () => {
    const line = 'ACC: transaction answered: timestamp=1;method=INVITE;call_id=x;code=486;reason=Busy Here\nSIP/2.0 503 Service Unavailable\nSIP/2.0 183 Session in Progress\n';
    const r = logReply(explainLog(line.repeat(2000)));
    expect(r.text).toMatch(/Counts: 486 ×2000 \(lines 1–5998\), 503 ×2000/);
    expect(r.text.length).toBeLessThan(3000);
  });

  it('a paste with nothing in it is neutral', () => {
    const r = logReply(explainLog('hello\nworld'));
    expect(r.tone).toBe('neutral');
    expect(r.title).toBe('Pasted log');
    expect(r.lead).toBe('no SIP response found');
  });
});
