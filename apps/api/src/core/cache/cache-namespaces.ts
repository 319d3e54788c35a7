/** Every cache namespace with its TTLs; keys are built only by AppCache from these. */
export const CacheNamespace = {
  Subscriber: 'subscriber',
  EmailDomain: 'email-domain',
  Fields: 'fields',
} as const;
export type CacheNamespace = (typeof CacheNamespace)[keyof typeof CacheNamespace];
