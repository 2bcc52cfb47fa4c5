// One fitter for every platform limit: keeps whole lines while they fit, leaving room for the note
// about what was left out ("…and 14 more"), so a cut answer is cut on purpose and says so. Each
// renderer keeps its own wording and markup; the counting lives only here. No platform SDK.

export interface FitRoom {
  /** Characters already spoken for around the lines (a title, a code fence). */
  fixed?: number;
  /** Characters between two kept lines (1 for a newline; 0 when each line carries its own). */
  sep?: number;
  /** Characters to keep free for the note when `left` lines would be left out after this one. */
  reserve: (left: number) => number;
}

/**
 * How many leading lines fit in `max`: line i is kept while `fixed`, the kept lines joined by `sep`,
 * line i itself and `reserve(lines left after i)` stay within `max`; the first that does not fit
 * ends the run, so what is shown is always a prefix and the rest can be counted.
 */
export function countFitting(lengths: readonly number[], max: number, room: FitRoom): number {
  const sep = room.sep ?? 0;
  let used = room.fixed ?? 0;
  for (let i = 0; i < lengths.length; i++) {
    const add = (i ? sep : 0) + lengths[i]!;
    if (used + add + room.reserve(lengths.length - i - 1) > max) return i;
    used += add;
  }
  return lengths.length;
}

const linesLeftOut = (n: number) => `…and ${n} more line${n === 1 ? '' : 's'} left out.`;

/** `lines` joined by newlines, at most `max` characters, the note about what was left out included. */
export function fitLines(lines: readonly string[], max: number, note: (left: number) => string = linesLeftOut): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  // A newline before the note, and one character spare.
  const kept = countFitting(
    lines.map((l) => l.length),
    max,
    { sep: 1, reserve: (left) => note(left).length + 2 },
  );
  return `${lines.slice(0, kept).join('\n')}\n${note(lines.length - kept)}`.slice(0, max);
}
