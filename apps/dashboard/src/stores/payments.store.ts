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
import { ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { paymentsApi } from '../api/payments.api';
import {
  describeError,
  detailsToFieldErrors,
  failedSubmit,
  invalid,
  issuesToFieldErrors,
  type FieldErrors,
  type SubmitResult,
} from '../lib/form-errors';

/** How often the tiles, chart and latest payments are fetched again. */
export const STATS_REFRESH_MS = 5000;
/** After a payment the next refresh comes this soon: the API's figures are at most one second old. */
export const AFTER_PAYMENT_REFRESH_MS = 1100;
/** Windows offered on the page, in seconds; null means the API's default (PAYMENT_STATS_WINDOW_SECONDS). */
export const WINDOW_CHOICES = [60, 300, 1200, 3600] as const;
export const LATEST_LIMIT = 10;

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

/** Payments: the form, and the statistics, per-minute series and latest payments, refreshed on a timer while shown. */
export const usePaymentsStore = defineStore('payments', () => {
  const statistics = shallowRef<PaymentStatistics | null>(null);
  const series = shallowRef<PaymentSeries | null>(null);
  const latest = shallowRef<Payment[]>([]);
  const error = shallowRef<HttpError | null>(null);
  const windowSeconds = ref<number | null>(null);
  const currency = ref(DEFAULT_CURRENCY);
  /** When the shown figures arrived (epoch ms). */
  const refreshedAt = ref<number | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let latestRefresh = 0;
  /** The Idempotency-Key of a submission that may have been stored: a retry of the same payment reuses it. */
  let pending: { key: string; request: string } | null = null;

  function query(): PaymentStatisticsQuery {
    return {
      currency: currency.value,
      ...(windowSeconds.value === null ? {} : { window: windowSeconds.value }),
    };
  }

  /** Fetches everything the page shows; an answer to an older refresh never overwrites a newer one. */
  async function refresh(): Promise<void> {
    const request = ++latestRefresh;
    try {
      const [stats, minutes, page] = await Promise.all([
        paymentsApi.statistics(query()),
        paymentsApi.series(query()),
        paymentsApi.list({ limit: LATEST_LIMIT }),
      ]);
      if (request !== latestRefresh) return;
      statistics.value = stats;
      series.value = minutes;
      latest.value = page.data;
      error.value = null;
      refreshedAt.value = Date.now();
    } catch (caught) {
      if (request === latestRefresh) error.value = toHttpError(caught);
    }
  }

  function schedule(delayMs: number): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh().finally(scheduleNext);
    }, delayMs);
  }

  /** After a refresh: the regular next one, unless a payment has already asked for an earlier one. */
  function scheduleNext(): void {
    if (timer === null) schedule(STATS_REFRESH_MS);
  }

  /** Loads now and then every STATS_REFRESH_MS until `stop`; the next fetch waits for the previous one. */
  function start(): void {
    if (running) return;
    running = true;
    void refresh().finally(scheduleNext);
  }

  function stop(): void {
    running = false;
    schedule(0);
  }

  async function setWindow(seconds: number | null): Promise<void> {
    windowSeconds.value = seconds;
    await refresh();
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
      latest.value = [payment, ...latest.value.filter((shown) => shown.id !== payment.id)].slice(
        0,
        LATEST_LIMIT,
      );
      schedule(AFTER_PAYMENT_REFRESH_MS);
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
    latest,
    error,
    windowSeconds,
    currency,
    refreshedAt,
    refresh,
    start,
    stop,
    setWindow,
    pay,
  };
});
