import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { patchQuery, queryValue, useUrlQuery } from './useUrlQuery';

describe('query helpers', () => {
  it('reads the first non-empty value and patches with removals', () => {
    expect(queryValue({ a: ['x', 'y'], b: '', c: null }, 'a')).toBe('x');
    expect(queryValue({ b: '' }, 'b')).toBeUndefined();
    expect(patchQuery({ a: '1', b: '2' }, { a: null, b: 3, c: 'z', d: '' })).toEqual({ b: '3', c: 'z' });
  });
});

describe('useUrlQuery', () => {
  it('writes several changes of one tick as one replace, keeping the other keys', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/payments', component: { render: () => null } }],
    });
    await router.push('/payments?keep=1&cursor=abc');
    let url!: ReturnType<typeof useUrlQuery>;
    const Probe = defineComponent({
      setup() {
        url = useUrlQuery();
        return () => h('div');
      },
    });
    mount(Probe, { global: { plugins: [router] } });
    const before = window.history.length;

    url.write({ currency: 'USD' });
    url.write({ window: 300, cursor: null });
    await flushPromises();

    expect(router.currentRoute.value.fullPath).toBe('/payments?keep=1&currency=USD&window=300');
    expect(url.read('currency')).toBe('USD');
    expect(window.history.length).toBe(before);
  });
});
