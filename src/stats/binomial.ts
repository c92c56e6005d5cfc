// Theorem 1 of the LISSNAS paper: the chance that n uniform draws from a space with a share p of good
// architectures hold at least k good ones, 1 - Σ_{i<k} C(n, i) p^i (1-p)^(n-i).
import { LissnasError } from "../errors.js";
import { finiteParameter, integerParameter } from "./validate.js";

/**
 * P(X >= k) for X ~ Binomial(n, p). The terms of the lower tail are built by their ratio
 * C(n, i+1)/C(n, i) · p/(1-p) in log space, so no binomial coefficient overflows for n in the millions;
 * when the lower tail is the smaller side the complement is summed instead of subtracted.
 */
export function probabilityAtLeast(k: number, n: number, p: number): number {
  integerParameter(n, "n", 0);
  integerParameter(k, "k", 0);
  finiteParameter(p, "p");
  if (p < 0 || p > 1) throw new LissnasError("E_OPTION", `expected a probability in [0, 1]; found ${p}`, { field: "p" });
  if (k === 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  // log C(n, i) p^i q^(n-i) for i = 0..n, by the running ratio.
  const logTerm = (i: number, previous: number) => previous + Math.log((n - i + 1) / i) + logP - logQ;
  const mode = Math.floor((n + 1) * p);
  let log = n * logQ;
  let lower = 0;
  let upper = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) log = logTerm(i, log);
    const term = Math.exp(log);
    if (i < k) lower += term;
    else upper += term;
    // Past both k and the mode the terms only shrink: stop once they no longer change the sum.
    if (i >= k && i > mode && term < 1e-17 * upper) break;
  }
  return k <= mode ? Math.min(1, Math.max(0, 1 - lower)) : Math.min(1, Math.max(0, upper));
}
