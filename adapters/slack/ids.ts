// The names Slack and this adapter share: the slash command, the shortcut's callback_id and the
// action_ids of our buttons. manifest.json must use the same values (test/adapters/slack/manifest.test.ts).

export const DEFAULT_COMMAND = '/sip';
export const SHORTCUT_CALLBACK_ID = 'explain_sip_codes';
export const SHARE_ACTION_ID = 'sip_share';
/** Related-code buttons are `sip_show:0`, `sip_show:1`…, the menu of further codes `sip_show:more`. */
export const SHOW_ACTION_PREFIX = 'sip_show:';
export const SHOW_ACTION_PATTERN = /^sip_show:/;
