// Placeholder until the log work lands: a minimal reply for a log report.
import type { LogReport } from './types.js';
import type { Reply } from '../reply/types.js';

export function logReply(report: LogReport): Reply {
  const lines = report.codes.map((c) => String(c));
  return {
    title: 'Log explained',
    lead: report.outcome,
    tone: 'neutral',
    blocks: lines.length ? [{ type: 'list', title: 'SIP responses', items: lines }] : [],
    actions: report.codes.map((c) => ({ label: String(c), query: String(c) })),
    text: `${report.outcome}\n${lines.join('\n')}`,
  };
}
