// The one mapping from a SIP status code to a Reply tone (its RFC 3261 class). No platform code.
import type { Tone } from './types.js';

const TONES: Record<number, Tone> = {
  1: 'provisional',
  2: 'success',
  3: 'redirection',
  4: 'client-failure',
  5: 'server-failure',
  6: 'global-failure',
};

/** The class of `code` as a tone; "warning" for anything outside 100-699. */
export function toneOf(code: number): Tone {
  return TONES[Math.floor(code / 100)] ?? 'warning';
}
