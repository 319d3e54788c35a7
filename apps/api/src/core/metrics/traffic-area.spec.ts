import { describe, expect, it } from 'vitest';
import { routeLabelOf, trafficAreaOf } from './traffic-area';

describe('trafficAreaOf', () => {
  it.each([
    ['/subscribers/:email', 'subscribers'],
    ['/subscribers?limit=10', 'subscribers'],
    ['/fields', 'subscribers'],
    ['/polls/:id/votes', 'polls'],
    ['/payment', 'payments'],
    ['/payments/statistics', 'payments'],
    ['/statistics', 'payments'],
    ['/events/:domain/delivered', 'deliverability'],
    ['/domains/:domain', 'deliverability'],
    ['/deliverability/summary', 'deliverability'],
    ['/analytics/hours', 'analytics'],
    ['/health/ready', 'other'],
    ['/system/traffic?minutes=15', 'other'],
    ['/', 'other'],
    ['/subscribersX', 'other'],
  ])('maps %s to %s', (path, area) => {
    expect(trafficAreaOf(path)).toBe(area);
  });
});

describe('routeLabelOf', () => {
  it('keeps the route pattern and names requests no route matched', () => {
    expect(routeLabelOf('/subscribers/:email')).toBe('/subscribers/:email');
    expect(routeLabelOf(undefined)).toBe('unmatched');
    expect(routeLabelOf('')).toBe('unmatched');
  });
});
