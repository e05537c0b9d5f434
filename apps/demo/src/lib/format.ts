/**
 * Formats a number for display: up to `digits` significant digits (4 by default), exponent
 * notation for very large or very small magnitudes, and -0 shown as "0".
 */
export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(Math.max(0, digits - 2));
  return Number(value.toPrecision(digits)).toString();
}
