import type { ComponentState, FieldType, SubscriberStatus } from '@hotpath/contracts';

export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

export const STATUS_TONES: Record<SubscriberStatus, Tone> = {
  active: 'success',
  unconfirmed: 'info',
  unsubscribed: 'neutral',
  bounced: 'warning',
  junk: 'danger',
};

export const STATUS_LABELS: Record<SubscriberStatus, string> = {
  active: 'Active',
  unconfirmed: 'Unconfirmed',
  unsubscribed: 'Unsubscribed',
  bounced: 'Bounced',
  junk: 'Junk',
};

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  string: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
};

export function componentTone(state: ComponentState | null): Tone {
  if (state === null) return 'neutral';
  return state === 'up' ? 'success' : 'danger';
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium' });
const count = new Intl.NumberFormat('en-GB');

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatTime(date: Date): string {
  return time.format(date);
}

export function formatCount(value: number): string {
  return count.format(value);
}

/** "3 d 4 h", "2 h 5 min", "42 s": the two largest units. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const units: Array<[string, number]> = [
    ['d', Math.floor(seconds / 86_400)],
    ['h', Math.floor((seconds % 86_400) / 3600)],
    ['min', Math.floor((seconds % 3600) / 60)],
    ['s', seconds % 60],
  ];
  const first = units.findIndex(([, amount]) => amount > 0);
  if (first === -1) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([, amount]) => amount > 0)
    .map(([unit, amount]) => `${amount} ${unit}`)
    .join(' ');
}

/** "1 payment", "3 payments": the count with the noun in the right number. */
export function plural(amount: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(amount)} ${amount === 1 ? singular : pluralForm}`;
}
