// One fitter for every platform limit: keeps whole lines while they fit, then says how many it
// left out ("…and 14 more lines left out"), so a cut answer is cut on purpose and says so.

/** `lines` joined by newlines, at most `max` characters, the note about what was left out included. */
export function fitLines(lines: readonly string[], max: number, note: (left: number) => string = (n) => `…and ${n} more line${n === 1 ? '' : 's'} left out.`): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tail = note(lines.length - i - 1);
    // Room for this line, then a newline and the note about the rest.
    if (used + line.length + 1 + tail.length + 1 > max) break;
    out.push(line);
    used += line.length + 1;
  }
  const left = lines.length - out.length;
  return `${out.join('\n')}\n${note(left)}`.slice(0, max);
}
