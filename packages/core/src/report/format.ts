/** Number formatting shared by the summary table, chart axes and report tables. */

/** 1655519 → '1,655,519'. Fixed grouping, not toLocaleString: output must not vary by machine. */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A tick label with exactly as many decimals as the tick step needs (0.25 → 2, 5 → 0). */
export function formatTick(value: number, step: number): string {
  const decimals = Math.min(10, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  const text = value.toFixed(decimals);
  // -0.0 from rounding a tiny negative would read as a bug.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A metric value for tables: integers as counts, others with 4 significant decimals. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return formatCount(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : value.toFixed(4);
}
