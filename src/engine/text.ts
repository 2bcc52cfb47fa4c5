// Text normalisation shared by the search index and the query: lower-case word tokens with a light
// stemmer, so "declined", "decline" and "declines" meet. Pure; no registry, no platform code.

/** Words that carry no meaning in a question about a SIP failure ("why are my calls failing with …"). */
const FILLER = new Set(
  `a an the and or but of to in on at for from by with without into onto about as is are was were be been being am
  do does did doing done have has had having i me my we our us you your it its this that these those there here
  what whats which who whom whose why how when where can could would should will shall may might must
  please pls plz thanks thank hi hello hey sipbot bot explain meaning mean means meant tell show give know
  get gets getting got keep keeps keeping kept see seeing seen saw say says said
  sip response responses code codes status error errors message messages reply replies return returns returned
  call calls calling called phone phones some any all just still also very really again now then
  im ive dont doesnt didnt isnt arent wasnt cant cannot wont not no
  happen happens happening happened issue issues problem problems fail fails failing failed failure failures
  question help`.split(/\s+/),
);

/** Negations and failure words matter inside known phrases ("not found", "not acceptable"), so the
 * phrase matcher keeps them; only free-word scoring drops them. */
export function isFiller(token: string): boolean {
  return FILLER.has(token);
}

/** Multi-word expressions ops people write several ways, folded to one token on both sides (the
 * index and the question), so "timed out", "time-out" and "timeout" meet. */
const EXPRESSIONS: [RegExp, string][] = [
  [/\b(?:timed|times|timing|time)[\s-]+out\b/g, 'timeout'],
  [/\b(?:hung|hangs|hanging|hang)[\s-]+up\b/g, 'hangup'],
  [/\bcalls?[\s-]+per[\s-]+second\b/g, 'cps'],
  [/\bdo[\s-]+not[\s-]+disturb\b/g, 'dnd'],
  [/\bone[\s-]+way[\s-]+audio\b/g, 'onewayaudio'],
  [/\bno[\s-]+audio\b/g, 'noaudio'],
  [/\b(?:switched|switch|turned|turn|powered|power)[\s-]+off\b/g, 'poweroff'],
  [/\bcaller[\s-]*id\b/g, 'callerid'],
  [/\bre[\s-]?invite/g, 'reinvite'],
  [/\bstir[\s/-]*shaken\b/g, 'stirshaken'],
  [/\bt\.?38\b/g, 't38'],
  [/\bg\.?711\b/g, 'g711'],
  [/\bg\.?729\b/g, 'g729'],
];

/** Lower-case, fold expressions, join hyphenated words ("re-INVITE" → "reinvite"), split on anything
 * that is not a letter or digit. Underscores split: cause names like USER_BUSY are words. */
export function words(text: string): string[] {
  let t = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])['’]s\b/g, '$1')
    .replace(/_/g, ' ');
  for (const [re, token] of EXPRESSIONS) t = t.replace(re, token);
  return t
    .replace(/([a-z])[-.]([a-z])/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A light suffix stemmer: enough to meet plural, past and -ing forms without a dictionary. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  // doubled consonant left by -ing/-ed ("dropped" → "dropp" → "drop")
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

export function stems(text: string): string[] {
  return words(text).map(stem);
}
