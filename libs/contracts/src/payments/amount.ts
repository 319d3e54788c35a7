/** The largest payment: 1,000,000,000.00 in integer cents (far below 2^53, so a JS number holds it exactly). */
export const PAYMENT_MAX_CENTS = 100_000_000_000;

/** A non-negative decimal with at most two decimal places, without sign, exponent or leading zeros. */
const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
const DECIMAL_ANY_SCALE = /^(0|[1-9]\d*)(?:\.\d+)?$/;

export type AmountParse = { ok: true; cents: number } | { ok: false; message: string };

/**
 * Reads an amount given as a decimal string ("15.50") or a JSON number (15.5) into integer cents, never
 * through floating-point arithmetic: a number is read in its shortest decimal form (what JSON.stringify
 * would write), so 0.1 is "0.1" and 0.30000000000000004 has too many decimals.
 */
export function parseAmountToCents(value: unknown): AmountParse {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: 'must be a finite number' };
    text = String(value);
    // Exponent forms: tiny numbers (1e-7) have too many decimals, huge ones (1e+21) are over the limit.
    if (/e/i.test(text)) {
      return value !== 0 && Math.abs(value) < 1
        ? { ok: false, message: 'must have at most 2 decimal places' }
        : { ok: false, message: 'must be at most 1000000000.00' };
    }
  } else {
    return { ok: false, message: 'must be a decimal string or a number' };
  }
  if (text.startsWith('-')) {
    return DECIMAL_ANY_SCALE.test(text.slice(1))
      ? { ok: false, message: 'must be greater than 0' }
      : { ok: false, message: 'must be a decimal number like 15.50' };
  }
  const match = DECIMAL.exec(text);
  if (match === null) {
    return DECIMAL_ANY_SCALE.test(text)
      ? { ok: false, message: 'must have at most 2 decimal places' }
      : { ok: false, message: 'must be a decimal number like 15.50' };
  }
  const whole = match[1] ?? '0';
  // More than 10 whole digits is over the limit whatever the decimals; checked before any arithmetic.
  if (whole.length > 10) return { ok: false, message: 'must be at most 1000000000.00' };
  const cents = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents === 0) return { ok: false, message: 'must be greater than 0' };
  if (cents > PAYMENT_MAX_CENTS) return { ok: false, message: 'must be at most 1000000000.00' };
  return { ok: true, cents };
}

/** Integer cents as a decimal string with exactly two decimals: 1550 → "15.50", -5 → "-0.05". */
export function formatCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / 100n;
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
}

/** total / count in cents, rounded half up to the cent (both non-negative), in integer arithmetic. */
export function averageCents(totalCents: bigint, count: bigint): bigint {
  if (count <= 0n) throw new RangeError('the average of nothing is undefined');
  return (totalCents * 2n + count) / (count * 2n);
}
