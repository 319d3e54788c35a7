/**
 * The domain of the seed's, the demo's and the forms' example addresses. It publishes real MX records, so
 * those addresses pass the API's mail check; `example.com` does not (it publishes a null MX, RFC 7505).
 */
export const DEMO_EMAIL_DOMAIN = 'mailinator.com';

export const demoEmail = (localPart: string): string => `${localPart}@${DEMO_EMAIL_DOMAIN}`;
