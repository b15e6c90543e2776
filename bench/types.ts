/** One measured figure. Speed is reported against a baseline measured in the same run: machines are shared. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value when both are speeds. */
  ratio?: number;
  /** What the issue asks for, e.g. ">= 50000 mentions/s, ratio >= 0.4". */
  target?: string;
  /** Whether the target holds on this run. */
  met?: boolean;
}

/** Every `bench/*.bench.ts` exports `bench` with this type; `npm run bench` finds and runs them. */
export type Bench = () => Promise<BenchResult[]>;
