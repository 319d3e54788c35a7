import type {
  CastVoteRequest,
  CreatePollRequest,
  Envelope,
  ListPollsQuery,
  Page,
  Poll,
  PollResults,
} from '@hotpath/contracts';
import { http } from './http';

export const pollsApi = {
  async list(query: ListPollsQuery): Promise<Page<Poll>> {
    const { data } = await http.get<Page<Poll>>('/polls', { params: query });
    return data;
  },

  async results(id: number): Promise<PollResults> {
    const { data } = await http.get<Envelope<PollResults>>(`/polls/${id}`);
    return data.data;
  },

  async create(request: CreatePollRequest): Promise<Poll> {
    const { data } = await http.post<Envelope<Poll>>('/polls', request);
    return data.data;
  },

  /** Resolves once the ballot is queued (202); the results it answers do not count it yet. */
  async vote(id: number, request: CastVoteRequest): Promise<PollResults> {
    const { data } = await http.post<Envelope<PollResults>>(`/polls/${id}/votes`, request);
    return data.data;
  },
};
