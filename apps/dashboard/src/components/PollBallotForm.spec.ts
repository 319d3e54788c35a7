import type { PollResults } from '@hotpath/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pollsApi } from '../api/polls.api';
import { usePollsStore } from '../stores/polls.store';
import PollBallotForm from './PollBallotForm.vue';
import PollResultBars from './PollResultBars.vue';

vi.mock('../api/polls.api', () => ({
  pollsApi: { list: vi.fn(), results: vi.fn(), create: vi.fn(), vote: vi.fn() },
}));

const phones: PollResults = {
  id: 1,
  question: 'Which phones?',
  multiple: true,
  uniqueVoters: false,
  options: [
    { id: 11, label: 'Pixel', votes: 3 },
    { id: 12, label: 'iPhone', votes: 1 },
    { id: 13, label: 'Galaxy', votes: 0 },
  ],
  ballots: 4,
  resultsAsOf: '2025-11-21T10:00:00.000Z',
  ageSeconds: 2.4,
};

async function openPoll(results: PollResults) {
  vi.mocked(pollsApi.results).mockResolvedValue(results);
  usePollsStore().open(results.id);
  await flushPromises();
}

describe('PollBallotForm', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    setActivePinia(createPinia());
  });

  it('offers checkboxes on a multiple-choice poll and sends every picked option', async () => {
    await openPoll(phones);
    vi.mocked(pollsApi.vote).mockResolvedValue(phones);
    const wrapper = mount(PollBallotForm, { props: { poll: phones } });
    const boxes = wrapper.findAll('input[type="checkbox"]');
    expect(boxes).toHaveLength(3);
    await boxes[0]!.setValue(true);
    await boxes[2]!.setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(pollsApi.vote).toHaveBeenCalledWith(1, { optionIds: [11, 13] });
    expect(wrapper.find('[data-testid="ballot-accepted"]').exists()).toBe(true);
    usePollsStore().close();
  });

  it('offers radio buttons and a voter id on a single-choice, one-ballot-per-voter poll', async () => {
    const single = { ...phones, multiple: false, uniqueVoters: true };
    await openPoll(single);
    const wrapper = mount(PollBallotForm, { props: { poll: single } });
    expect(wrapper.findAll('input[type="radio"]')).toHaveLength(3);
    await wrapper.findAll('input[type="radio"]')[1]!.setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="error-voterId"]').text()).toBe('is required: this poll takes one ballot per voter');
    expect(pollsApi.vote).not.toHaveBeenCalled();
    usePollsStore().close();
  });
});

describe('PollResultBars', () => {
  it('draws each option as a share of the ballots, with the ballot count and the age of the results', () => {
    const wrapper = mount(PollResultBars, { props: { results: phones, receivedAt: Date.now(), refreshMs: 2000 } });
    const fills = wrapper.findAll('[data-testid="poll-result-fill"]').map((fill) => fill.attributes('style'));
    expect(fills).toEqual(['width: 75%;', 'width: 25%;', 'width: 0%;']);
    expect(wrapper.get('[data-testid="poll-ballots"]').text()).toBe('4');
    expect(wrapper.get('[data-testid="poll-results-age"]').text()).toBe('2 s');
  });
});
