import type { PaymentSeries } from '@hotpath/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { Bar } from 'vue-chartjs';
import PaymentMinuteChart from './PaymentMinuteChart.vue';

const series: PaymentSeries = {
  currency: 'EUR',
  windowSeconds: 120,
  minutes: [
    { minute: '2031-05-06T10:00:00.000Z', count: 1, total: '15.50' },
    { minute: '2031-05-06T10:01:00.000Z', count: 3, total: '30.00' },
  ],
  asOf: '2031-05-06T10:01:30.000Z',
  from: '2031-05-06T09:59:31.000Z',
};

type Label = (item: { dataIndex: number }) => string;

describe('PaymentMinuteChart', () => {
  it('says "1 payment" and "3 payments" in its tooltips', () => {
    const wrapper = mount(PaymentMinuteChart, { props: { series, failed: false } });
    const options = wrapper.getComponent(Bar).props('options') as {
      plugins: { tooltip: { callbacks: { label: Label } } };
    };
    expect(options.plugins.tooltip.callbacks.label({ dataIndex: 0 })).toBe('15.50 EUR in 1 payment');
    expect(options.plugins.tooltip.callbacks.label({ dataIndex: 1 })).toBe('30.00 EUR in 3 payments');
  });

  it('draws no axes before there are figures', () => {
    const wrapper = mount(PaymentMinuteChart, { props: { series: null, failed: true } });
    expect(wrapper.findComponent(Bar).exists()).toBe(false);
    expect(wrapper.text()).toContain('The chart returns when the API answers again.');
  });
});
