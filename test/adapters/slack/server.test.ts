// The Slack adapter inside the real process host: startSipbot builds it from the settings, mounts
// POST /slack/events beside the other routes, and a signed /sip 603 is answered through response_url.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { startSipbot, type Sipbot } from '../../../server/app.js';
import { FakeSlack, postSigned, SIGNING_SECRET, slashCommand } from '../../fakes/slack.js';
import { headerOf, recordingLogger } from './harness.js';

describe('Slack through startSipbot', () => {
  let fake: FakeSlack;
  let app: Sipbot;
  const { logger, lines } = recordingLogger();

  beforeAll(async () => {
    fake = await FakeSlack.start();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: 'xoxb-fake-bot-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    app = await startSipbot(config, { logger });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  it('starts the HTTP-mode adapter and reports it connected', () => {
    const slack = app.adapters.find((a) => a.name === 'slack-http');
    expect(slack?.state()).toBe('connected');
    expect(slack?.detail?.()).toBe('HTTP mode, POST /slack/events, bot sipbot');
  });

  it('answers a signed /sip 603 through response_url with 603 Decline', async () => {
    const res = await postSigned(`${app.url}/slack/events`, slashCommand({ text: '603', response_url: fake.responseUrl('server603') }));
    expect(res.status).toBe(200);
    const answer = await fake.waitForResponse('server603');
    expect(headerOf(answer.body.blocks)).toBe('603 Decline');
    expect(JSON.stringify(lines)).not.toContain('xoxb-fake-bot-token');
  });

  it('rejects a forged request with 401', async () => {
    const res = await postSigned(`${app.url}/slack/events`, slashCommand({ text: '603', response_url: fake.responseUrl('forged') }), { secret: 'nope' });
    expect(res.status).toBe(401);
  });
});
