// GET /healthz: every platform's state for load balancers and humans; 503 while a configured
// adapter is failing, has been starting for longer than the grace period, or the process is stopping.
import type { Adapter, AdapterState, Route } from './adapter.js';
import { sendJson } from './http-host.js';

export interface AdapterHealth {
  name: string;
  state: AdapterState;
  detail?: string;
}

export interface Health {
  status: 'ok' | 'degraded' | 'stopping';
  uptimeS: number;
  adapters: AdapterHealth[];
}

/** Tracks each adapter's state as the host sees it: a start() that rejected makes it failing for good. */
export class AdapterWatch {
  private failed = new Map<Adapter, string>();
  private startingSince = new Map<Adapter, number>();

  constructor(
    readonly adapters: readonly Adapter[],
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  markFailed(a: Adapter, reason: string): void {
    this.failed.set(a, reason);
  }

  stateOf(a: Adapter): AdapterState {
    if (this.failed.has(a)) return 'failing';
    try {
      return a.state();
    } catch {
      return 'failing';
    }
  }

  detailOf(a: Adapter): string | undefined {
    const failed = this.failed.get(a);
    if (failed) return failed;
    try {
      return a.detail?.();
    } catch {
      return undefined;
    }
  }

  /** True when this adapter should make /healthz answer 503. */
  isDown(a: Adapter, state: AdapterState): boolean {
    if (state === 'failing') return true;
    if (state !== 'starting') {
      this.startingSince.delete(a);
      return false;
    }
    const since = this.startingSince.get(a) ?? this.now();
    this.startingSince.set(a, since);
    return this.now() - since > this.graceMs;
  }

  /** Starts the clock for the grace period of each adapter (called as start() begins). */
  starting(a: Adapter): void {
    this.startingSince.set(a, this.now());
  }
}

export function createHealthRoute(opts: {
  watch: AdapterWatch;
  disabled: readonly AdapterHealth[];
  isStopping: () => boolean;
  startedAt: number;
  /** The shared-state store (`redis`): failing makes the status "degraded" with 200, every instance still answers. */
  store?: () => AdapterHealth | undefined;
}): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handle(_req, res) {
      let down = false;
      const adapters: AdapterHealth[] = opts.watch.adapters.map((a) => {
        const state = opts.watch.stateOf(a);
        if (opts.watch.isDown(a, state)) down = true;
        const detail = opts.watch.detailOf(a);
        return detail ? { name: a.name, state, detail } : { name: a.name, state };
      });
      const stopping = opts.isStopping();
      const store = opts.store?.();
      const body: Health = {
        status: stopping ? 'stopping' : down || store?.state === 'failing' ? 'degraded' : 'ok',
        uptimeS: Math.round((Date.now() - opts.startedAt) / 1000),
        adapters: [...adapters, ...(store ? [store] : []), ...opts.disabled],
      };
      sendJson(res, stopping || down ? 503 : 200, body);
    },
  };
}
