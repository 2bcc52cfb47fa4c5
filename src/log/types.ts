// What explainLog() finds in a pasted log or SIP trace. Pure data, no platform code.
// (Owned by the log-explanation work; the engine relies only on `codes`, `q850` and `outcome`.)

export interface LogReport {
  /** Distinct SIP status codes found, in order of first appearance. */
  codes: number[];
  /** Q.850 causes found, in order of first appearance. */
  q850: { cause: number; name: string }[];
  /** One-line diagnosis of the outcome, e.g. "final 487 after CANCEL: the caller hung up before answer". */
  outcome: string;
}
