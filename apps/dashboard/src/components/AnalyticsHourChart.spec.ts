import { HOUR_MS, type AnalyticsHour } from '@hotpath/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { Line } from 'vue-chartjs';
import AnalyticsHourChart from './AnalyticsHourChart.vue';

const START = Date.UTC(2025, 10, 21, 22);
const hour = (offset: number, clicks: number): AnalyticsHour => ({
  hour: new Date(START + offset * HOUR_MS).toISOString(),
  start: START + offset * HOUR_MS,
  clicks,
  impressions: clicks * 2,
  uniqueUsers: 1,
});

interface LineProps {
  data: { labels: Array<string | string[]>; datasets: Array<{ label: string; data: Array<number | null> }> };
  options: { scales: { x: { ticks: { maxRotation: number } } } };
}

describe('AnalyticsHourChart', () => {
  it('leaves the running hour out of the lines (no fall like an outage) and states its figures so far', () => {
    const hours = [hour(0, 40), hour(1, 50), hour(2, 3)];
    const wrapper = mount(AnalyticsHourChart, {
      props: { hours, currentStart: START + 2 * HOUR_MS },
    });
    const line = wrapper.getComponent(Line).props() as unknown as LineProps;
    expect(line.data.datasets[0]).toMatchObject({ label: 'Clicks', data: [40, 50, null] });
    expect(wrapper.get('[data-testid="analytics-chart-unfinished"]').text()).toContain('so far 3 clicks');
  });

  it('labels hours flat, naming the day only at the start and at midnight', () => {
    const wrapper = mount(AnalyticsHourChart, {
      props: { hours: [hour(0, 1), hour(1, 1), hour(2, 1)], currentStart: START + 10 * HOUR_MS },
    });
    const line = wrapper.getComponent(Line).props() as unknown as LineProps;
    expect(line.data.labels).toEqual([['22:00', '21 Nov'], '23:00', ['00:00', '22 Nov']]);
    expect(line.options.scales.x.ticks.maxRotation).toBe(0);
    expect(wrapper.find('[data-testid="analytics-chart-unfinished"]').exists()).toBe(false);
  });
});
