#!/usr/bin/env node
// The `sipbot` command: answers as the bot would in chat, as terminal text or JSON. Loads only the
// core (never the Slack or Discord libraries) so it starts fast.
import { parseArgs as parseCommandLine } from 'node:util';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { answer } from './engine/answer.js';
import { answerCapture, isCapture } from './capture/answer.js';
import { toReply } from './reply/build.js';
import { renderText } from './reply/text.js';

const USAGE = `sipbot: explains SIP response codes, Q.850 causes and pasted SIP logs

Usage:
  sipbot <question…>          answer a question: 603, "486 vs 600", 6xx, "codec mismatch"
  sipbot < trace.txt          answer text from stdin (a pasted log or trace is explained)
  sipbot explain [file]       explain a log, SIP trace or pcap/pcapng capture (stdin when no file is given)
  sipbot --jsonl              read stdin one line at a time, print one JSON answer per line
  sipbot mcp                  serve MCP on stdio for AI assistants (see the README)

Options:
  --json        print the structured answer as JSON (see the README for the fields)
  --jsonl       one JSON answer per input line (stdin)
  --color       colour even when stdout is not a terminal (FORCE_COLOR=1 too)
  --no-color    plain text even on a terminal (NO_COLOR and FORCE_COLOR=0 too)
  -h, --help    this help
  -v, --version the version

Exit status: 0 for every answered question (including "no match"), 2 for usage errors
and files that cannot be read, 1 for anything else.`;

class UsageError extends Error {}

interface Args {
  json: boolean;
  jsonl: boolean;
  color: boolean | undefined;
  help: boolean;
  version: boolean;
  explain: boolean;
  file: string | undefined;
  words: string[];
}

/** Marks a "-1"-style word so node:util's parser keeps it a question instead of an unknown flag. */
const NUMBER_WORD = '\u0000';

function parseArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: argv.map((a) => (/^-\d/.test(a) ? NUMBER_WORD + a : a)),
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        jsonl: { type: 'boolean' },
        color: { type: 'boolean' },
        // Node 20's parseArgs has no allowNegative: --no-color is an option of its own.
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    const option = /'([^']{1,80})'/.exec(e instanceof Error ? e.message : '')?.[1];
    throw new UsageError(option ? `unknown option ${option}` : 'cannot read the options');
  }
  const { values, positionals } = parsed;
  const args: Args = {
    json: values.json === true,
    jsonl: values.jsonl === true,
    color: values['no-color'] ? false : values.color ? true : undefined,
    help: values.help === true,
    version: values.version === true,
    explain: false,
    file: undefined,
    words: positionals.map((w) => (w.startsWith(NUMBER_WORD) ? w.slice(1) : w)),
  };
  if (args.words[0] === 'explain') {
    args.explain = true;
    args.words.shift();
    if (args.words.length > 1) throw new UsageError('explain takes at most one file');
    args.file = args.words.shift();
  }
  if (args.jsonl && (args.words.length || args.explain)) throw new UsageError('--jsonl reads stdin only: give no question or file with it');
  return args;
}

function readStdin(): Uint8Array {
  try {
    return readFileSync(0);
  } catch {
    return new Uint8Array(0);
  }
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Bytes are a pcap/pcapng when their magic number says so (not the file name); otherwise UTF-8 text. */
function print(input: string | Uint8Array, args: Args): void {
  const a =
    typeof input !== 'string' && isCapture(input)
      ? answerCapture(input)
      : answer(typeof input === 'string' ? input : new TextDecoder().decode(input), { forceLog: args.explain });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(a, null, 2)}\n`);
    return;
  }
  const color = useColor(args.color);
  process.stdout.write(`${renderText(toReply(a), { color })}\n`);
}

async function jsonl(): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) process.stdout.write(`${JSON.stringify(answer(line))}\n`);
}

/** Why a file could not be read, in words (never a raw errno code or a stack trace). */
function readError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return 'the file could not be read';
  }
}

/** Whether to colour: --color/--no-color, then FORCE_COLOR, then NO_COLOR, then whether stdout is a terminal. */
function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return process.stdout.isTTY === true;
}

// The reader went away (`sipbot --jsonl | head -1`): that is the end of the job, not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`sipbot: cannot write the answer: ${e.code ?? e.message}\n`);
  process.exit(1);
});

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`sipbot: ${e.message}\nRun sipbot --help for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (args.jsonl) {
    await jsonl();
    return 0;
  }
  let text: string | Uint8Array;
  if (args.file !== undefined && args.file !== '-') {
    try {
      text = readFileSync(args.file);
    } catch (e) {
      process.stderr.write(`sipbot: cannot read ${args.file}: ${readError(e)}\n`);
      return 2;
    }
  } else if (args.words.length && !args.explain) {
    text = args.words.join(' ');
  } else if (!process.stdin.isTTY) {
    text = readStdin();
  } else if (args.explain) {
    process.stderr.write('sipbot: explain needs a file or a log on stdin\nRun sipbot --help for usage.\n');
    return 2;
  } else {
    text = '';
  }
  print(text, args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`sipbot: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
