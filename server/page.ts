// GET /: a one-file page to try sipbot: ask or paste a log, see the neutral Reply rendered as it
// would look in chat, click related codes to ask again. No build chain: HTML, CSS and JS live here.
// Every piece of text reaches the DOM through textContent, never as markup; a CSP with hashes backs that up.
import { createHash } from 'node:crypto';
import type { Route } from './adapter.js';

const STYLE = `
:root { color-scheme: light dark; --bg:#f6f7f9; --card:#fff; --ink:#1d1f23; --muted:#5d6470; --line:#d9dde3; --accent:#2b6cb0;
  --provisional:#718096; --success:#2f855a; --redirection:#2b6cb0; --client-failure:#c05621; --server-failure:#c53030;
  --global-failure:#805ad5; --neutral:#718096; --warning:#b7791f; }
@media (prefers-color-scheme: dark) { :root { --bg:#15171a; --card:#1e2125; --ink:#e6e8eb; --muted:#9aa3ae; --line:#343a41; --accent:#63b3ed; } }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--ink); }
main { max-width: 760px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { margin:0; font-size:26px; } h1 span { color:var(--muted); font-weight:400; font-size:16px; margin-left:8px; }
h2 { font-size:18px; margin:32px 0 8px; }
form { margin:16px 0 8px; display:flex; gap:8px; align-items:flex-start; }
textarea { flex:1; min-height:44px; max-height:320px; resize:vertical; padding:10px 12px; font:inherit; border:1px solid var(--line);
  border-radius:8px; background:var(--card); color:var(--ink); }
button { font:inherit; cursor:pointer; border-radius:8px; border:1px solid var(--line); background:var(--card); color:var(--ink); padding:6px 12px; }
button.primary { background:var(--accent); border-color:var(--accent); color:#fff; padding:10px 18px; }
button:disabled { opacity:.6; cursor:wait; }
.examples { display:flex; flex-wrap:wrap; gap:6px; color:var(--muted); font-size:13px; align-items:center; }
.examples button { font-size:13px; padding:2px 10px; border-radius:999px; }
#chat { margin-top:16px; display:flex; flex-direction:column; gap:12px; }
.you { align-self:flex-end; max-width:85%; background:var(--accent); color:#fff; padding:8px 12px; border-radius:12px 12px 2px 12px;
  white-space:pre-wrap; overflow-wrap:anywhere; }
.msg { background:var(--card); border:1px solid var(--line); border-left:4px solid var(--tone, var(--neutral)); border-radius:8px; padding:12px 14px; overflow-wrap:anywhere; }
.msg .who { font-size:12px; color:var(--muted); margin-bottom:4px; }
.msg h3 { font-size:15px; margin:12px 0 4px; border-left:3px solid var(--tone-h, transparent); padding-left:6px; }
.msg p { margin:6px 0; } .msg ul { margin:4px 0 8px; padding-left:22px; }
.msg .list-title { font-weight:600; margin:10px 0 2px; }
.msg dl { display:grid; grid-template-columns: max-content 1fr; gap:2px 12px; margin:8px 0; font-size:14px; }
.msg dt { color:var(--muted); } .msg dd { margin:0; }
.msg pre { background:var(--bg); border:1px solid var(--line); border-radius:6px; padding:8px; overflow:auto; font-size:13px; }
.msg .context { color:var(--muted); font-size:13px; }
.msg .actions { display:flex; flex-wrap:wrap; gap:6px; margin-top:10px; }
.msg details { margin-top:10px; font-size:13px; color:var(--muted); }
.error { border-left-color: var(--warning); }
a { color:var(--accent); }
.install { display:grid; grid-template-columns: 1fr 1fr; gap:16px; }
@media (max-width: 640px) { .install { grid-template-columns: 1fr; } form { flex-direction:column; } textarea, button.primary { width:100%; } }
.install section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.install h3 { margin:0 0 6px; font-size:16px; } .install ol { padding-left:20px; margin:6px 0; } code { font-size:13px; overflow-wrap:anywhere; }
footer { margin-top:32px; color:var(--muted); font-size:13px; }
`;

// Plain ES2017, no template literals (this file is itself one), no innerHTML anywhere.
const SCRIPT = `
(function () {
  'use strict';
  var TONES = ['provisional','success','redirection','client-failure','server-failure','global-failure','neutral','warning'];
  var form = document.getElementById('ask');
  var box = document.getElementById('q');
  var send = document.getElementById('send');
  var chat = document.getElementById('chat');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function tone(t) { return TONES.indexOf(t) >= 0 ? t : 'neutral'; }
  function safeUrl(u) {
    try { var x = new URL(String(u)); return x.protocol === 'https:' || x.protocol === 'http:' ? x.href : null; } catch (e) { return null; }
  }
  function link(text, url) {
    var href = safeUrl(url);
    if (!href) return el('span', '', text);
    var a = el('a', '', text); a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer'; return a;
  }

  function renderBlock(b) {
    switch (b && b.type) {
      case 'heading': {
        var h = el('h3', '', b.text); h.style.setProperty('--tone-h', 'var(--' + tone(b.tone) + ')'); return h;
      }
      case 'text': return el('p', '', b.text);
      case 'fields': {
        var dl = el('dl');
        (b.fields || []).forEach(function (f) {
          dl.appendChild(el('dt', '', f.label));
          var dd = el('dd'); dd.appendChild(f.url ? link(f.value, f.url) : document.createTextNode(String(f.value))); dl.appendChild(dd);
        });
        return dl;
      }
      case 'list': {
        var wrap = el('div');
        if (b.title) wrap.appendChild(el('div', 'list-title', b.title));
        var ul = el('ul');
        (b.items || []).forEach(function (i) { ul.appendChild(el('li', '', i)); });
        wrap.appendChild(ul);
        return wrap;
      }
      case 'code': { var pre = el('pre'); pre.appendChild(el('code', '', b.text)); return pre; }
      case 'context': return el('p', 'context', b.text);
      default: return el('p', 'context', b && b.text ? b.text : '');
    }
  }

  function renderReply(reply, json) {
    var card = el('article', 'msg reply');
    card.style.setProperty('--tone', 'var(--' + tone(reply.tone) + ')');
    card.setAttribute('data-tone', tone(reply.tone));
    card.appendChild(el('div', 'who', 'sipbot'));
    var head = el('p', 'lead');
    head.appendChild(el('strong', 'title', reply.title));
    if (reply.lead) head.appendChild(document.createTextNode(': ' + reply.lead));
    card.appendChild(head);
    (reply.blocks || []).forEach(function (b) { card.appendChild(renderBlock(b)); });
    if (reply.actions && reply.actions.length) {
      var row = el('div', 'actions');
      reply.actions.forEach(function (a) {
        var btn = el('button', 'action', a.label);
        btn.type = 'button';
        btn.addEventListener('click', function () { ask(a.query); });
        row.appendChild(btn);
      });
      card.appendChild(row);
    }
    if (json) {
      var d = el('details'); d.appendChild(el('summary', '', 'JSON (GET /api/explain)'));
      var pre = el('pre'); pre.appendChild(el('code', '', JSON.stringify(json, null, 2))); d.appendChild(pre);
      card.appendChild(d);
    }
    return card;
  }

  function show(node) {
    chat.appendChild(node);
    while (chat.children.length > 40) chat.removeChild(chat.firstChild);
    node.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  function problem(message) {
    var card = el('article', 'msg error', null);
    card.setAttribute('role', 'alert');
    card.appendChild(el('div', 'who', 'sipbot'));
    card.appendChild(el('p', '', message));
    return card;
  }

  var busy = false;
  function ask(text) {
    text = String(text || '');
    if (!text.trim() || busy) return;
    busy = true; send.disabled = true;
    var shown = text.length > 600 ? text.slice(0, 600) + '\\u2026 (' + text.length + ' characters)' : text;
    show(el('div', 'you', shown));
    fetch('/api/explain?include=reply', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (r) {
        if (r.body && r.body.reply && r.status === 200) {
          var json = Object.assign({}, r.body); delete json.reply;
          show(renderReply(r.body.reply, json));
        } else if (r.body && r.body.reply) show(renderReply(r.body.reply));
        else show(problem((r.body && r.body.message) || ('The server answered ' + r.status + '.')));
      })
      .catch(function () { show(problem('Could not reach sipbot. Is the server still running?')); })
      .then(function () { busy = false; send.disabled = false; box.focus(); });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); var t = box.value; box.value = ''; ask(t); });
  box.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-ask]'), function (b) {
    b.addEventListener('click', function () { ask(b.getAttribute('data-ask')); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-origin-path]'), function (c) {
    c.textContent = location.origin + c.getAttribute('data-origin-path');
  });
})();
`;

const EXAMPLES = ['603', '486 vs 600', '5xx', 'call rejected as unwanted', 'SIP/2.0 487 Request Terminated'];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sipbot: SIP response codes explained</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>sipbot<span>explains SIP response codes, Q.850 causes and pasted SIP logs</span></h1>
<form id="ask" autocomplete="off">
  <label for="q" hidden>Question or SIP log</label>
  <textarea id="q" name="q" rows="2" placeholder="Ask about a code (603), compare two (486 vs 600), describe it (call rejected), or paste a SIP log" autofocus></textarea>
  <button id="send" class="primary" type="submit">Explain</button>
</form>
<div class="examples">Try: ${EXAMPLES.map((e) => `<button type="button" data-ask="${escapeHtml(e)}">${escapeHtml(e)}</button>`).join(' ')}</div>
<div id="chat" aria-live="polite"></div>

<h2>Add sipbot to your team</h2>
<div class="install">
<section id="slack">
  <h3>Slack</h3>
  <ol>
    <li>Create a Slack app with a <code>/sip</code> slash command and the bot scopes listed in the README (section "Slack").</li>
    <li>HTTP mode: set the Request URL to <code data-origin-path="/slack/events">/slack/events</code> on this server, then set <code>SLACK_BOT_TOKEN</code> and <code>SLACK_SIGNING_SECRET</code>.</li>
    <li>Or Socket Mode (no public URL): set <code>SLACK_BOT_TOKEN</code> and <code>SLACK_APP_TOKEN</code>.</li>
  </ol>
</section>
<section id="discord">
  <h3>Discord</h3>
  <ol>
    <li>Create an application and a bot in the Discord Developer Portal; invite it with the <code>applications.commands</code> and <code>bot</code> scopes (README, section "Discord").</li>
    <li>Gateway: set <code>DISCORD_TOKEN</code> and <code>DISCORD_APPLICATION_ID</code>, then run <code>npm run discord:register</code>.</li>
    <li>Or HTTP interactions: set the Interactions Endpoint URL to <code data-origin-path="/discord/interactions">/discord/interactions</code> and <code>DISCORD_PUBLIC_KEY</code>.</li>
  </ol>
</section>
</div>
<footer>JSON API: <a href="/api/explain?q=603">/api/explain?q=603</a> (add <code>&amp;include=reply</code> for the chat reply) · health: <a href="/healthz">/healthz</a></footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;

// Only our own inline script and style run; the page talks to this server alone.
const CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = Buffer.from(PAGE_HTML, 'utf8');

export function createPageRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      handle(_req, res) {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': PAGE.length,
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        res.end(PAGE);
      },
    },
    {
      // Browsers ask for it on every visit; an empty answer keeps 404s out of the logs.
      method: 'GET',
      path: '/favicon.ico',
      handle(_req, res) {
        res.writeHead(204, { 'cache-control': 'max-age=86400' });
        res.end();
      },
    },
  ];
}
