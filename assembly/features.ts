// Feature rows for predictors: one Float32 row per genome, laid out by a per-gene plan the host builds
// from a named encoding (src/predict/features.ts), so one kernel serves every space and encoding.
import { STATUS_OK, STATUS_BAD_ARGUMENT } from "./common";

/** Plan kinds: what gene g writes into its row. */
export const FEATURE_SKIP: i32 = 0; // nothing (the gene is read by the previous PAIR entry)
export const FEATURE_RAW: i32 = 1; // row[offset] = value
export const FEATURE_ONE_HOT: i32 = 2; // row[offset + value] = 1
export const FEATURE_PAIR: i32 = 3; // row[offset + value * stride + next gene's value] = 1 (input x op one-hots)

/**
 * Writes `count` rows of `width` f32 to `out` for genomes of `length` bytes. `plan` holds `length`
 * entries of three i32 (kind, offset, stride). The host has checked that every gene is within its
 * cardinality and every column the plan can address is below `width`. Called once per predictor batch.
 */
export function encodeFeatures(genomes: usize, count: i32, length: i32, plan: usize, width: i32, out: usize): i32 {
  return encodeRows<f32>(genomes, count, length, plan, width, out);
}

/**
 * The rows as T (f32 for models, u8 for the tree evaluator: every column is a gene value or a 0/1
 * indicator, so a byte holds it exactly).
 */
export function encodeRows<T>(genomes: usize, count: i32, length: i32, plan: usize, width: i32, out: usize): i32 {
  if (length <= 0 || width <= 0 || count < 0) return STATUS_BAD_ARGUMENT;
  const size = <usize>sizeof<T>();
  const rowBytes = <usize>width * size;
  memory.fill(out, 0, <usize>count * rowBytes);
  for (let i = 0; i < count; i++) {
    const g = genomes + <usize>(i * length);
    const row = out + <usize>i * rowBytes;
    for (let gene = 0; gene < length; gene++) {
      const entry = plan + <usize>(gene * 12);
      const kind = load<i32>(entry);
      if (kind == FEATURE_SKIP) continue;
      const offset = load<i32>(entry, 4);
      const value = <i32>load<u8>(g + <usize>gene);
      if (kind == FEATURE_RAW) {
        store<T>(row + <usize>offset * size, <T>value);
      } else if (kind == FEATURE_ONE_HOT) {
        store<T>(row + <usize>(offset + value) * size, <T>1);
      } else {
        const column = offset + value * load<i32>(entry, 8) + <i32>load<u8>(g + <usize>(gene + 1));
        store<T>(row + <usize>column * size, <T>1);
      }
    }
  }
  return STATUS_OK;
}
