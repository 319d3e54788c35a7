/** The areas in the header, in order. Adding an area: one line here and its route in ./index.ts. */
export interface NavItem {
  label: string;
  routeName: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Overview', routeName: 'overview' },
  { label: 'Subscribers', routeName: 'subscribers' },
  { label: 'Polls', routeName: 'polls' },
  { label: 'Deliverability', routeName: 'deliverability' },
  { label: 'Payments', routeName: 'payments' },
  { label: 'Analytics', routeName: 'analytics' },
];
