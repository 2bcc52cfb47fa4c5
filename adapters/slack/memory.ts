// Small bounded memories the listeners need: deliveries already answered (Slack retries and
// duplicates) and long questions behind a "Share in channel" button. Pure; no Bolt here.
import { randomUUID } from 'node:crypto';

/** Remembers keys for `ttlMs`, at most `max` of them (oldest forgotten first). */
export class SeenKeys {
  private readonly keys = new Map<string, number>();

  constructor(
    private readonly max = 5_000,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time any of `keys` is offered; then every key offered is remembered. */
  firstTime(...keys: (string | undefined)[]): boolean {
    const t = this.now();
    this.sweep(t);
    const present = keys.filter((k): k is string => !!k);
    const seen = present.some((k) => this.keys.has(k));
    for (const k of present) {
      this.keys.delete(k);
      this.keys.set(k, t);
    }
    while (this.keys.size > this.max) this.keys.delete(this.keys.keys().next().value!);
    return !seen;
  }

  get size(): number {
    return this.keys.size;
  }

  private sweep(t: number): void {
    for (const [k, at] of this.keys) {
      if (t - at < this.ttlMs) break; // insertion order is age order
      this.keys.delete(k);
    }
  }
}

/**
 * Questions too long for a button value (Slack allows 2000 characters; pasted logs are longer),
 * kept in memory behind a short id. Lost on restart: the share action then says so.
 */
export class ParkedQuestions {
  private readonly items = new Map<string, string>();

  constructor(private readonly max = 500) {}

  park(text: string): string {
    const id = randomUUID();
    this.items.set(id, text);
    while (this.items.size > this.max) this.items.delete(this.items.keys().next().value!);
    return id;
  }

  get(id: string): string | undefined {
    return this.items.get(id);
  }
}
