// Adversarial bodies at /api/explain while /healthz is polled every 50 ms; prints the worst /healthz latency.
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['dist/server/main.js'], { env: { ...process.env, PORT: '18931', HOST: '127.0.0.1', RATE_LIMIT_PER_USER: '0', LOG_LEVEL: 'warn' }, stdio: 'ignore' });
const base = 'http://127.0.0.1:18931';
for (let i = 0; i < 100; i++) { try { await fetch(base + '/healthz'); break; } catch { await new Promise(r => setTimeout(r, 100)); } }
const shapes = {
  spaces: 'SIP/2.0 486' + ' '.repeat(2500) + '\nx\ny', tabs: 'SIP/2.0 486' + '\t'.repeat(6000) + '\nx\ny',
  word: 'a'.repeat(500), spaces100k: ' '.repeat(100_000) + 'x', digits: '4'.repeat(100_000), sip: 'SIP/2.0 486 '.repeat(8000),
  brackets: '<<<[[[((('.repeat(10000), eq: 'a=a=a='.repeat(16000), nl: '\n'.repeat(100_000) + '486', line2m: 'x'.repeat(1_000_000),
};
let worst = 0; let polling = true;
const poll = (async () => { while (polling) { const t = performance.now(); await fetch(base + '/healthz'); worst = Math.max(worst, performance.now() - t); await new Promise(r => setTimeout(r, 50)); } })();
for (const [k, body] of Object.entries(shapes)) {
  const t = performance.now();
  const r = await fetch(base + '/api/explain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  console.log(k.padEnd(11), r.status, `${(performance.now() - t).toFixed(0)} ms`);
}
polling = false; await poll; console.log(`worst /healthz during the attack: ${worst.toFixed(0)} ms`);
child.kill('SIGTERM');
