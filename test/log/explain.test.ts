// explainLog beyond the exact-codes corpus: call flow and diagnosis on sipp-generated traces, reason-phrase
// flags, Warning headers, HTTP, Q.850 mappings, non-standard codes, summaries of huge pastes, looksLikeLog.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPhrase, explainLog, looksLikeLog, MAX_FINDINGS } from '../../src/log/explain.js';

const DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const fixture = (f: string) => readFileSync(`${DIR}${f}`, 'utf8');

describe('call flow from a sipp-generated trace', () => {
  // Produced with: sh test/fixtures/logs/sipp-scenarios/run.sh authbusy uas_auth_busy.xml uac_auth_busy.xml
  it('407 challenge, retry with credentials, then 486 after 4 s of ringing', () => {
    const r = explainLog(fixture('sipp-uac-407-then-486.trace_msg.log'));
    const flow = r.flow!;
    expect(flow).not.toBeNull();
    expect(flow.participants).toEqual(['sipp', '127.0.0.1:5070']);
    expect(flow.messages.map((m) => m.label)).toEqual([
      'INVITE',
      '407 Proxy Authentication Required',
      'ACK',
      'INVITE',
      '100 Trying',
      '180 Ringing',
      '486 Busy Here',
      'ACK',
    ]);
    expect(flow.messages.map((m) => `${m.from}>${m.to}`)).toEqual(['0>1', '1>0', '0>1', '0>1', '1>0', '1>0', '1>0', '0>1']);
    expect(flow.diagnosis).toBe(
      'INVITE challenged with 407, retried with credentials, then 486 Busy Here from 127.0.0.1:5070 after 4 s of ringing',
    );
    expect(r.outcome).toMatch(/^final 486 Busy Here from 127\.0\.0\.1:5070: INVITE challenged with 407, retried with credentials/);
    const rows = flow.ladder.split('\n');
    expect(rows[0]).toMatch(/^sipp +127\.0\.0\.1:5070$/);
    expect(rows[1]).toMatch(/^\|--INVITE-+>\| \+0\.000s$/);
    expect(rows[7]).toMatch(/^\|<-486 Busy Here-+\| \+4\.00\ds$/);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(60);
  });

  // Produced with: sh test/fixtures/logs/sipp-scenarios/run.sh cancel uas_cancel.xml uac_cancel.xml
  it('CANCEL after 183: 487 is expected', () => {
    const r = explainLog(fixture('sipp-uac-cancel-487.trace_msg.log'));
    expect(r.outcome).toBe('final 487 after CANCEL: the caller hung up before answer; caller cancelled after 183: 487 is expected here');
    expect(r.flow?.messages.map((m) => m.label)).toEqual([
      'INVITE',
      '100 Trying',
      '183 Session in Progress',
      'CANCEL',
      '200 OK',
      '487 Request Terminated',
      'ACK',
    ]);
  });

  it('the same call seen from the UAS side has the arrows reversed', () => {
    const r = explainLog(fixture('sipp-uas-cancel-487.trace_msg.log'));
    expect(r.flow?.participants).toEqual(['127.0.0.1:5071', 'sipp']);
    expect(r.outcome.startsWith('final 487 after CANCEL')).toBe(true);
  });

  it('a plain call: answered, then BYE', () => {
    const r = explainLog(fixture('sipp-uac-plain-call.trace_msg.log'));
    expect(r.outcome).toBe('call answered (200 OK): INVITE answered with 200 OK from 127.0.0.1:5070, then ended by BYE from sipp');
  });

  it('capture tools give addresses: ngrep, tcpdump, sngrep and tshark agree on the flow', () => {
    for (const f of ['ngrep-default-cancel.txt', 'tcpdump-A-cancel.txt', 'tcpdump-v-cancel.txt']) {
      const r = explainLog(fixture(f));
      expect(r.flow?.participants, f).toEqual(['127.0.0.1:15060', '127.0.0.1:5060']);
      expect(r.outcome, f).toMatch(/^final 487 after CANCEL/);
      // tcpdump -A prints the start line twice (summary and payload): still one message each.
      expect(r.flow?.messages.length, f).toBe(7);
    }
    const s = explainLog(fixture('sngrep-flow-screen-407-486.txt'));
    expect(s.flow?.messages.map((m) => m.label)[1]).toBe('407 Proxy Authentication R');
    expect(s.outcome).toMatch(/after 4 s of ringing/);
  });

  it('a request with no response', () => {
    const r = explainLog(fixture('raw-sip-invite-only-numbers.txt'));
    expect(r.codes).toEqual([]);
    expect(r.flow).toBeNull();
    const two = explainLog(`${fixture('raw-sip-invite-only-numbers.txt')}\n\n${fixture('raw-sip-invite-only-numbers.txt')}`);
    expect(two.outcome).toMatch(/^no response to INVITE: INVITE sent 2 times with no response/);
  });

  it('REGISTER challenged then accepted', () => {
    const r = explainLog(fixture('raw-sip-register-401-200.txt'));
    expect(r.outcome).toMatch(/^registered \(200 OK\): REGISTER challenged with 401, retried with credentials/);
  });

  it('challenged again after sending credentials is a credentials problem', () => {
    const msg = (m: string, cseq: number) => `${m}\nCall-ID: c1@x\nCSeq: ${cseq} INVITE\nFrom: <sip:a@x>;tag=1\nTo: <sip:b@y>\n`;
    const text = [
      msg('INVITE sip:b@y SIP/2.0', 1),
      msg('SIP/2.0 407 Proxy Authentication Required', 1),
      msg('INVITE sip:b@y SIP/2.0', 2),
      msg('SIP/2.0 407 Proxy Authentication Required', 2),
    ].join('\n');
    expect(explainLog(text).outcome).toMatch(/challenged again with 407 after sending credentials/);
  });
});

describe('reason phrases as sent', () => {
  const summary = (text: string, code: number) => explainLog(text).summary.find((s) => s.code === code)!;

  it('flags a known variant, a different phrase, a clipped one, and accepts the registered one', () => {
    expect(summary(fixture('sipp-uac-cancel-487.trace_msg.log'), 183).phraseCheck).toBe('variant');
    const busy = summary(fixture('raw-sip-486-busy-phrase.txt'), 486);
    expect(busy.phraseCheck).toBe('different');
    expect(busy.phrases).toEqual(['Busy']);
    expect(summary('SIP/2.0 486 Busy Here', 486).phraseCheck).toBe('match');
    expect(summary('SIP/2.0 486 BUSY HERE', 486).phraseCheck).toBe('match');
    expect(summary(fixture('sngrep-flow-screen-407-486.txt'), 407).phraseCheck).toBe('truncated');
    expect(summary('SIP/2.0 200', 200).phraseCheck).toBe('none');
    expect(checkPhrase(486, 'Busy')).toBe('different');
  });

  it('keeps the phrase as sent next to the registry reason', () => {
    const r = explainLog('SIP/2.0 183 Session in Progress');
    expect(r.findings[0]).toMatchObject({ code: 183, phrase: 'Session in Progress', phraseCheck: 'variant', line: 1 });
    expect(r.summary[0]?.reason).toBe('Session Progress');
  });
});

describe('headers and causes', () => {
  it('Warning header codes: registered, unregistered and the Microsoft 308 clash', () => {
    const r = explainLog(
      [
        'SIP/2.0 488 Not Acceptable Here',
        'Warning: 304 sbc.example.com "Media type not available"',
        'Warning: 308 lync.example.com "Encryption Levels Incompatible", 325 gw.example "Custom thing"',
      ].join('\r\n'),
    );
    expect(r.warnings.map((w) => [w.code, w.registered, w.line])).toEqual([
      [304, true, 2],
      [308, true, 3],
      [325, false, 3],
    ]);
    expect(r.warnings[0]?.registeredText).toBe('Media type not available');
    expect(r.warnings[1]?.clash).toMatch(/Encryption Levels Incompatible/);
    expect(r.codes).toEqual([488]);
  });

  it('Reason headers: SIP causes are codes, Q.850 causes are causes with their SIP mapping', () => {
    const r = explainLog(fixture('raw-sip-reason-headers.txt'));
    expect(r.reasons).toEqual([
      { line: 7, protocol: 'SIP', cause: 480, text: 'Temporarily Unavailable' },
      { line: 16, protocol: 'Q.850', cause: 16, text: 'Normal call clearing' },
    ]);
    expect(r.findings[0]).toMatchObject({ code: 480, role: 'reason-header' });
    expect(r.causes[0]?.sip).toEqual({ rfc3398: null, freeswitch: null, asterisk: null, differs: false, direction: 'cause-to-sip' });
  });

  it('Q.850 causes map per RFC 3398, noting where FreeSWITCH and Asterisk differ', () => {
    const r = explainLog('Reason: Q.850;cause=21;text="Call rejected"\nReason: Q.850;cause=17');
    expect(r.q850).toEqual([
      { cause: 21, name: 'Call rejected' },
      { cause: 17, name: 'User busy' },
    ]);
    expect(r.causes[0]?.sip).toEqual({ rfc3398: 403, freeswitch: 603, asterisk: 403, differs: true, direction: 'cause-to-sip' });
    expect(r.causes[1]?.sip?.differs).toBe(false);
  });

  it('FreeSWITCH internal causes are reported, but not as Q.850', () => {
    const r = explainLog('Hangup sofia/internal/1000@192.0.2.1 [CS_EXECUTE] [ORIGINATOR_CANCEL]');
    expect(r.q850).toEqual([]);
    expect(r.causes[0]).toMatchObject({ name: 'ORIGINATOR_CANCEL', q850: false, cause: 487, internalSip: 487 });
    expect(r.codes).toEqual([]);
  });

  it('cause names and numbers in the places programs print them', () => {
    const causes = (t: string) => explainLog(t).q850.map((q) => q.cause);
    expect(causes('hangup_cause_q850=17')).toEqual([17]);
    expect(causes('variable_hangup_cause: [NORMAL_TEMPORARY_FAILURE]')).toEqual([41]);
    expect(causes('SWITCH_CAUSE_NO_ROUTE_DESTINATION from the dialplan of the SIP profile')).toEqual([3]);
    expect(causes('Event: Hangup\r\nCause: 34\r\nCause-txt: Circuit/channel congestion\r\n')).toEqual([34]);
    expect(causes('Q.850 cause 102 on the SIP trunk')).toEqual([102]);
    // "Cause: 34" outside an AMI event is ambiguous: say nothing.
    expect(causes('Cause: 34')).toEqual([]);
    // Unknown upper-case tokens are not causes.
    expect(causes('SIP profile state CS_EXECUTE SWITCH_LOG_DEBUG')).toEqual([]);
  });

  it('non-standard and stack-internal codes are kept and flagged', () => {
    const r = explainLog(`${fixture('kamailio-sl-error-477.txt')}\n${fixture('pjsua-disconnected-701.txt')}`);
    expect(r.codes).toEqual([477, 701, 408]);
    const byCode = new Map(r.summary.map((s) => [s.code, s]));
    expect(byCode.get(477)?.nonstandard).toBe(true);
    expect(byCode.get(701)?.nonstandard).toBe(true);
    expect(byCode.get(408)?.nonstandard).toBe(false);
  });

  it('Wireshark statistics buckets are codes flagged non-standard', () => {
    const r = explainLog('SIP Statistics\n\n* SIP Status Codes in reply packets\n  SIP 599 Server Error - Others : 3 Packets\n  SIP 200 OK : 12 Packets\n');
    expect(r.codes).toEqual([599, 200]);
    expect(r.summary[0]).toMatchObject({ nonstandard: true, count: 3 });
    expect(r.summary[1]).toMatchObject({ count: 12 });
  });
});

describe('HTTP is recognised as HTTP', () => {
  it('status lines and access logs are not SIP responses', () => {
    for (const f of ['nginx-access-404.txt', 'curl-http-status.txt']) {
      const r = explainLog(fixture(f));
      expect(r.codes, f).toEqual([]);
      expect(r.http.length, f).toBeGreaterThan(0);
      expect(r.outcome, f).toMatch(/HTTP/);
    }
    const mixed = explainLog('HTTP/1.1 503 Service Unavailable\nSIP/2.0 503 Service Unavailable\n');
    expect(mixed.codes).toEqual([503]);
    expect(mixed.http).toEqual([{ line: 1, code: 503, excerpt: 'HTTP/1.1 503 Service Unavailable' }]);
    expect(explainLog('GET /cdr/486 503 Service Unavailable (sip trunk dashboard)').codes).toEqual([]);
  });
});

describe('no false alarms', () => {
  it('numbers that only look like codes', () => {
    const text = [
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK486',
      'CSeq: 486 INVITE',
      'Content-Length: 603',
      'Max-Forwards: 70',
      'Expires: 3600',
      'Session-Expires: 1800',
      'Min-SE: 90',
      'udp_rcv_loop(): received 486 bytes from 203.0.113.5:15060',
      'RTT: 486.0 msec, setup time 603 ms, jitter 487',
      'Call-ID: 486-603@192.0.2.10',
      'pid 4863 chan_sip.c:4863 line 486',
      'epoch 1795689600.486, 2026-11-26 10:00:00.603',
      'dial +1 415 555 0486 ext 603',
    ].join('\n');
    const r = explainLog(text);
    expect(r.codes).toEqual([]);
    expect(r.q850).toEqual([]);
  });

  it('sipp repartition screens and tshark frame lengths', () => {
    expect(explainLog(fixture('sipp-statistics-screen.log')).codes).toEqual([]);
    expect(explainLog('    3   0.318011  203.0.113.5 → 192.0.2.10 SIP 486 Status: 180 Ringing | ').codes).toEqual([180]);
  });
});

describe('large pastes are summarised', () => {
  it('500 repeated lines: counts per code with first and last line, capped details', () => {
    const block = [
      'Nov 26 10:00:06 proxy1 /usr/sbin/kamailio[2451]: NOTICE: acc [acc.c:279]: acc_log_request(): ACC: transaction answered: timestamp=1795689606;method=INVITE;from_tag=a;to_tag=b;call_id=c@d;code=486;reason=Busy Here',
      'Nov 26 10:00:07 proxy1 /usr/sbin/kamailio[2451]: NOTICE: acc [acc.c:279]: acc_log_request(): ACC: transaction answered: timestamp=1795689607;method=INVITE;from_tag=a;to_tag=b;call_id=e@d;code=200;reason=OK',
    ];
    const lines: string[] = [];
    for (let i = 0; i < 250; i++) lines.push(...block);
    const r = explainLog(lines.join('\n'));
    expect(r.lineCount).toBe(500);
    expect(r.codes).toEqual([486, 200]);
    expect(r.summary.map((s) => [s.code, s.count, s.firstLine, s.lastLine])).toEqual([
      [486, 250, 1, 499],
      [200, 250, 2, 500],
    ]);
    expect(r.findings.length).toBe(MAX_FINDINGS);
    expect(r.findingCount).toBe(500);
    expect(r.truncated).toBe(true);
    expect(r.summary[0]?.lines.length).toBe(10);
    expect(r.outcome).toMatch(/^500 SIP codes found \(486 ×250, 200 ×250\); last final 200 OK/);
  });

  it('a 1 MB trace is explained quickly', () => {
    const base = ['sipp-uac-407-then-486.trace_msg.log', 'freeswitch-siptrace-new-486.txt', 'kamailio-acc-486.txt', 'asterisk-pjsip-logger-486.txt']
      .map(fixture)
      .join('\n');
    let big = '';
    while (big.length < 1_000_000) big += `${base}\n`;
    explainLog(big.slice(0, 10_000)); // warm up
    // CPU time, so a busy machine does not fail a linear pass.
    const t0 = process.cpuUsage();
    const r = explainLog(big);
    const d = process.cpuUsage(t0);
    const ms = (d.user + d.system) / 1000;
    expect(r.codes).toEqual([407, 100, 180, 486]);
    expect(ms).toBeLessThan(1000);
  });
});

describe('looksLikeLog', () => {
  it('is false for chat questions', () => {
    for (const q of [
      'why are calls failing with 488?',
      '486 vs 600',
      'what does sip 603 mean',
      'codec mismatch',
      'what is the difference between 480 and 404 on a trunk',
      'USER_BUSY',
      '',
      '   ',
    ]) {
      expect(looksLikeLog(q), q).toBe(false);
    }
  });

  it('is true for pasted logs, traces and single status lines', () => {
    for (const t of [
      'SIP/2.0 603 Decline',
      'Reason: Q.850;cause=17;text="User busy"',
      'ACC: transaction answered: method=INVITE;code=486;reason=Busy Here',
      '2026-11-26 10:00:00.1 [NOTICE] switch_channel.c:4057 Hangup sofia/internal/1000@x [CS_EXECUTE] [USER_BUSY]',
      '-ERR NO_ANSWER',
      '192.0.2.1 - - [26/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 404 153 "-" "curl/8"',
      '[2026-11-26 10:00:00] VERBOSE[1] pbx.c: Executing\n[2026-11-26 10:00:01] VERBOSE[1] pbx.c: Spawn',
    ]) {
      expect(looksLikeLog(t), t).toBe(true);
    }
  });
});

describe('robustness', () => {
  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, {}, [], '\u0000\r\r\n', 'SIP/2.0 ', 'SIP/2.0 999999', '['.repeat(10_000)];
    for (const o of odd) {
      expect(() => explainLog(o as string)).not.toThrow();
      expect(() => looksLikeLog(o as string)).not.toThrow();
    }
  });
});
