// Building blocks for the settings schemas (server/config.ts and each adapter's settings.ts): every
// value trimmed, empty meaning unset, and error messages that name the variable and how to fix it,
// echoing a value only when it is not secret. zod only; no process.env here.
import { z } from 'zod';
import { redactUrls } from './redact.js';

// Empty values count as unset: .env.example lists every variable with an empty value.
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const t = v.trim();
    return t === '' ? undefined : t;
  }, schema.optional());
}

/** Values that are not secret may be echoed back in an error message; tokens never are. */
export const shown = (v: unknown) => ` (got ${JSON.stringify(String(v).slice(0, 40))})`;

export function wholeNumber(name: string, min: number, max: number, what: string) {
  return z.string().transform((v, ctx) => {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be ${what}${shown(v)}` });
      return z.NEVER;
    }
    return n;
  });
}

export function boolean(name: string) {
  return z.string().transform((v, ctx) => {
    const s = v.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `${name} must be true or false${shown(v)}` });
    return z.NEVER;
  });
}

/** The setting as a URL, or undefined when it is not one. */
export function tryUrl(v: string): URL | undefined {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

export function httpUrl(name: string, example: string, trailingSlash: boolean) {
  return z.string().transform((v, ctx) => {
    const u = tryUrl(v);
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', message: `${name} must be an http(s) URL such as ${example}${shown(redactUrls(v))}; leave it unset in production` });
      return z.NEVER;
    }
    const s = u.toString();
    return trailingSlash ? (s.endsWith('/') ? s : `${s}/`) : s.replace(/\/+$/, '');
  });
}

export function pattern(name: string, re: RegExp, message: string) {
  return z.string().refine((v) => re.test(v), { message: `${name} ${message}` });
}
