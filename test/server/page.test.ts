// The try-it page in a real headless browser (Debian chromium, else the Chromium npm brings, driven
// by playwright-core): a person types a question and sees the reply as it would look in chat, clicks
// a related code, pastes a log, and user text never becomes markup. Without any browser that starts it
// skips with one loud line, unless REQUIRE_BROWSER=1 (CI's .ci/run, which installs chromium): then it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSipbot, type Sipbot } from '../../server/app.js';
import { testConfig } from './helpers.js';
import { openBrowser } from './browser.js';

const opened = await openBrowser();
const required = process.env.REQUIRE_BROWSER === '1';
if (!opened.browser && !required) {
  process.stderr.write(`\n!!! SKIPPED the page test: no headless browser: ${opened.missing}. apt-get install chromium (or npm install) to run it.\n\n`);
}

if (opened.browser) process.stderr.write(`page test: ${opened.name}\n`);

describe.runIf(!opened.browser && required)('the try-it page (REQUIRE_BROWSER=1)', () => {
  it('has a browser to run in', () => {
    expect.fail(`REQUIRE_BROWSER=1 but ${opened.browser ? '' : opened.missing}`);
  });
});

describe.runIf(opened.browser)('the try-it page in chromium', () => {
  let app: Sipbot;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await startSipbot(testConfig());
    browser = opened.browser!;
    page = await browser.newPage();
    // A CSP violation or a script error shows up here: the page must run clean.
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(app.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('answers a typed question as a chat reply', async () => {
    await page.fill('#q', '603');
    await page.press('#q', 'Enter');
    const reply = page.locator('article.reply').last();
    await expect.poll(() => reply.locator('.title').textContent()).toBe('603 Decline');
    expect(await reply.locator('.lead').textContent()).toMatch(/^603 Decline: \S/);
    expect(await reply.getAttribute('data-tone')).toBe('global-failure');
    expect(await reply.locator('dt').allTextContents()).toContain('Class');
    const rfc = reply.locator('dd a').first();
    expect(await rfc.getAttribute('href')).toMatch(/^https:\/\/www\.rfc-editor\.org\//);
    expect(await page.locator('.you').last().textContent()).toBe('603');
    expect(await page.inputValue('#q')).toBe('');
  });

  it('asks again when a related-code button is clicked', async () => {
    const before = await page.locator('article.reply').count();
    const button = page.locator('article.reply').last().locator('button.action').first();
    const label = (await button.textContent()) ?? '';
    expect(label).toMatch(/^\d{3} /);
    await button.click();
    await expect.poll(() => page.locator('article.reply').count()).toBe(before + 1);
    expect(await page.locator('article.reply').last().locator('.title').textContent()).toContain(label.slice(0, 3));
  });

  it('explains a pasted multi-line SIP log', async () => {
    const log = ['INVITE sip:bob@example.com SIP/2.0', 'SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing', 'SIP/2.0 487 Request Terminated', 'Reason: Q.850;cause=16'].join('\n');
    const before = await page.locator('article.reply').count();
    await page.fill('#q', log);
    await page.click('#send');
    await expect.poll(() => page.locator('article.reply').count()).toBe(before + 1);
    expect(await page.locator('article.reply').last().textContent()).toContain('487');
    expect(await page.locator('.you').last().textContent()).toBe(log);
  });

  it('shows user text as text, never as markup', async () => {
    const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> 603';
    const before = await page.locator('article.reply').count();
    await page.fill('#q', attack);
    await page.press('#q', 'Enter');
    await expect.poll(() => page.locator('article.reply').count()).toBe(before + 1);
    expect(await page.locator('.you').last().textContent()).toBe(attack);
    expect(await page.locator('#chat img, #chat script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('runs the example buttons and shows this server in the install steps', async () => {
    const before = await page.locator('article.reply').count();
    await page.click('.examples button >> nth=1');
    await expect.poll(() => page.locator('article.reply').count()).toBe(before + 1);
    expect(await page.locator('#slack [data-origin-path]').textContent()).toBe(`${app.url}/slack/events`);
    expect(await page.locator('#discord [data-origin-path]').textContent()).toBe(`${app.url}/discord/interactions`);
    await page.screenshot({ path: join(tmpdir(), 'sipbot-page.png'), fullPage: true });
  });

  it('answers the question of a ?q= permalink on load, and asking puts the question in the address bar', async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    other.on('pageerror', (e) => problems.push(e.message));
    await other.goto(`${app.url}/?q=${encodeURIComponent('486 vs 600')}`);
    const reply = other.locator('article.reply').last();
    await expect.poll(() => reply.textContent()).toContain('486');
    expect(await other.locator('.you').first().textContent()).toBe('486 vs 600');
    await other.fill('#q', '603');
    await other.press('#q', 'Enter');
    await expect.poll(() => other.locator('article.reply').count()).toBe(2);
    expect(new URL(other.url()).searchParams.get('q')).toBe('603');
    // A pasted multi-line log stays out of the URL.
    await other.fill('#q', 'SIP/2.0 100 Trying\nSIP/2.0 486 Busy Here');
    await other.click('#send');
    await expect.poll(() => other.locator('article.reply').count()).toBe(3);
    expect(new URL(other.url()).searchParams.has('q')).toBe(false);
    await context.close();
  });

  it('copies an answer as plain text with its Copy button', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const other = await context.newPage();
    await other.goto(`${app.url}/?q=603`);
    const reply = other.locator('article.reply').last();
    await expect.poll(() => reply.locator('.title').textContent()).toBe('603 Decline');
    await reply.locator('button.copy').click();
    await expect.poll(() => reply.locator('button.copy').textContent()).toBe('Copied');
    const copied = await other.evaluate(() => navigator.clipboard.readText());
    // The same plain text the chat platforms get as their fallback.
    const api = (await (await fetch(`${app.url}/api/explain?q=603&include=reply`)).json()) as { reply: { text: string } };
    expect(copied).toBe(api.reply.text);
    expect(copied).toMatch(/^603 Decline: /);
    await context.close();
  });

  it('says what the limit of this server is when rate-limited, not the chat wording', async () => {
    const limited = await startSipbot(testConfig({ RATE_LIMIT_PER_USER: '1' }));
    const context = await browser.newContext();
    const other = await context.newPage();
    try {
      await other.goto(limited.url);
      for (const q of ['603', '486']) {
        const n = await other.locator('#chat > *').count();
        await other.fill('#q', q);
        await other.press('#q', 'Enter');
        await expect.poll(() => other.locator('#chat > :not(.you)').count()).toBe(Math.ceil(n / 2) + 1);
      }
      const note = (await other.locator('#chat .error').last().textContent()) ?? '';
      expect(note).toMatch(/limited number of questions per minute from one address.*Try again in \d+ s/);
      expect(note).not.toMatch(/channel/i);
    } finally {
      await context.close();
      await limited.stop();
    }
  });

  it('says that Slack and Discord HTTP mode need a public HTTPS URL, and that this local page is not one', async () => {
    expect(await page.locator('#slack').textContent()).toContain('public HTTPS URL');
    expect(await page.locator('#discord').textContent()).toContain('public HTTPS URL');
    expect(await page.locator('#slack .public-hint').textContent()).toContain(`This page is at ${app.url}, which Slack and Discord cannot call`);
  });

  it('ran without a script error or a content-security-policy violation', () => {
    expect(problems).toEqual([]);
  });
});
