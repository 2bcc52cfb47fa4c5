// Slack's Block Kit and message limits, named so the renderer truncates on purpose instead of
// having Slack reject the message (invalid_blocks). Numbers only; no Bolt here.
// Sources (checked 2025):
//   https://docs.slack.dev/reference/block-kit/blocks            (50 blocks per message)
//   https://docs.slack.dev/reference/block-kit/blocks/section-block (text 3000, 10 fields, field text 2000)
//   https://docs.slack.dev/reference/block-kit/blocks/header-block  (text 150)
//   https://docs.slack.dev/reference/block-kit/blocks/context-block (10 elements)
//   https://docs.slack.dev/reference/block-kit/blocks/actions-block (25 elements)
//   https://docs.slack.dev/reference/block-kit/block-elements/button-element (text 75, value 2000)
//   https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element (100 options)
//   https://docs.slack.dev/reference/block-kit/composition-objects/option-object (text 75, value 150)
//   https://docs.slack.dev/reference/methods/chat.postMessage (text: keep under 4000, truncated at 40000)

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_HEADER_TEXT = 150;
export const MAX_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_CONTEXT_ELEMENTS = 10;
export const MAX_CONTEXT_TEXT = 3000;
export const MAX_ACTION_ELEMENTS = 25;
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_SELECT_OPTIONS = 100;
export const MAX_OPTION_TEXT = 75;
export const MAX_OPTION_VALUE = 150;
/** chat.postMessage advises keeping `text` under 4000 characters (it only hard-truncates at 40000). */
export const MAX_FALLBACK_TEXT = 4000;

/** Our own choice, not Slack's: more related-code buttons than this read as noise; the rest go in a menu. */
export const MAX_CODE_BUTTONS = 5;
