import {
  createPaymentSchema,
  DEFAULT_CURRENCY,
  formatCents,
  type Payment,
  type PaymentSeries,
  type PaymentStatistics,
  type PaymentStatisticsQuery,
} from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { paymentsApi } from '../api/payments.api';
import { usePolling } from '../composables/usePolling';
import { useKeysetPager } from '../lib/keyset-pager';
import {
  describeError,
  detailsToFieldErrors,
  failedSubmit,
  invalid,
  issuesToFieldErrors,
  type FieldErrors,
  type SubmitResult,
} from '../lib/form-errors';

/** How often the tiles, chart and payments are fetched again. */
export const STATS_REFRESH_MS = 5000;
/** After a payment the next refresh comes this soon: the API's figures are at most one second old. */
export const AFTER_PAYMENT_REFRESH_MS = 1100;
/** Windows offered on the page, in seconds; null means the API's default (PAYMENT_STATS_WINDOW_SECONDS). */
export const WINDOW_CHOICES = [60, 300, 1200, 3600] as const;
/** Currencies always offered in the picker; any other one seen in the payments joins them. */
export const COMMON_CURRENCIES = [DEFAULT_CURRENCY, 'USD', 'GBP', 'CHF', 'JPY'] as const;
export const PAYMENTS_PAGE_LIMIT = 10;

const FORM_FIELDS = ['amount', 'currency'];

export interface PaymentDraft {
  amount: string;
  currency: string;
}

/** A 400 "Wrong format" names the fields at fault in its details, as a 422 does elsewhere. */
function failedPayment(caught: unknown): SubmitResult<never> {
  const error = toHttpError(caught);
  if (error.statusCode !== 400 || error.details === undefined || error.details.length === 0) {
    return failedSubmit(error, FORM_FIELDS);
  }
  const fieldErrors: FieldErrors = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(detailsToFieldErrors(error.details))) {
    if (FORM_FIELDS.includes(field)) fieldErrors[field] = message;
    else other.push(field === '(body)' ? message : `${field} ${message}`);
  }
  return invalid(fieldErrors, other.length > 0 ? `${describeError(error)}: ${other.join('; ')}` : null);
}

/** Payments: the form, the statistics and per-minute series of one currency, and the paged payments. */
export const usePaymentsStore = defineStore('payments', () => {
  const statistics = shallowRef<PaymentStatistics | null>(null);
  const series = shallowRef<PaymentSeries | null>(null);
  const error = shallowRef<HttpError | null>(null);
  const windowSeconds = ref<number | null>(null);
  const currency = ref<string>(DEFAULT_CURRENCY);
  /** When the shown figures arrived (epoch ms). */
  const refreshedAt = ref<number | null>(null);
  const pager = useKeysetPager<Payment>((cursor, limit) =>
    paymentsApi.list({ limit, ...(cursor !== undefined ? { cursor } : {}) }),
  );
  pager.limit.value = PAYMENTS_PAGE_LIMIT;
  /** The Idempotency-Key of a submission that may have been stored: a retry of the same payment reuses it. */
  let pending: { key: string; request: string } | null = null;

  /** The picker's choices: the common ones, those seen on the page and the one chosen. */
  const currencies = computed(() =>
    [...new Set<string>([...COMMON_CURRENCIES, ...pager.rows.value.map((row) => row.currency), currency.value])].sort(),
  );

  function query(): PaymentStatisticsQuery {
    return {
      currency: currency.value,
      ...(windowSeconds.value === null ? {} : { window: windowSeconds.value }),
    };
  }

  const polling = usePolling(async (isLatest) => {
    try {
      const [stats, minutes] = await Promise.all([
        paymentsApi.statistics(query()),
        paymentsApi.series(query()),
        pager.refresh(),
      ]);
      if (!isLatest()) return;
      statistics.value = stats;
      series.value = minutes;
      error.value = null;
      refreshedAt.value = Date.now();
    } catch (caught) {
      if (isLatest()) error.value = toHttpError(caught);
    }
  }, STATS_REFRESH_MS);

  /** Shows new figures at once: those on screen belong to another window or currency. */
  async function reloadFigures(): Promise<void> {
    statistics.value = null;
    series.value = null;
    await polling.refresh();
  }

  async function setWindow(seconds: number | null): Promise<void> {
    if (seconds === windowSeconds.value && statistics.value !== null) return;
    windowSeconds.value = seconds;
    await reloadFigures();
  }

  async function setCurrency(code: string): Promise<void> {
    const next = code.trim().toUpperCase();
    if (next === currency.value && statistics.value !== null) return;
    currency.value = next;
    await reloadFigures();
  }

  /** Pays (checked with the contract first); the figures refresh shortly after a payment. */
  async function pay(draft: PaymentDraft): Promise<SubmitResult<Payment>> {
    const currencyInput = draft.currency.trim();
    const parsed = createPaymentSchema.safeParse({
      amount: draft.amount.trim(),
      ...(currencyInput === '' ? {} : { currency: currencyInput }),
    });
    if (!parsed.success) return invalid(issuesToFieldErrors(parsed.error.issues));
    const amount = formatCents(parsed.data.amountCents);
    const request = `${amount} ${parsed.data.currency}`;
    if (pending?.request !== request) pending = { key: crypto.randomUUID(), request };
    try {
      const payment = await paymentsApi.create({ amount, currency: parsed.data.currency }, pending.key);
      pending = null;
      // Newest come first: a new payment belongs on the first page.
      if (!pager.hasPrevious.value) {
        pager.rows.value = [payment, ...pager.rows.value.filter((shown) => shown.id !== payment.id)].slice(
          0,
          pager.limit.value,
        );
      }
      polling.refreshSoon(AFTER_PAYMENT_REFRESH_MS);
      return { ok: true, value: payment };
    } catch (caught) {
      const status = toHttpError(caught).statusCode;
      // A 4xx stored nothing; after a 503 or a lost answer the same payment is retried under the same key.
      if (status >= 400 && status < 500) pending = null;
      return failedPayment(caught);
    }
  }

  return {
    statistics,
    series,
    /** The shown page of payments, newest first. */
    latest: pager.rows,
    page: reactive(pager),
    error,
    windowSeconds,
    currency,
    currencies,
    refreshedAt,
    paused: polling.paused,
    refresh: polling.refresh,
    start: () => polling.start(),
    stop: polling.stop,
    setWindow,
    setCurrency,
    pay,
  };
});
