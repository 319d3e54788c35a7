import type { CreateFieldRequest, Envelope, Field } from '@hotpath/contracts';
import { http } from './http';

export const fieldsApi = {
  async list(): Promise<Field[]> {
    const { data } = await http.get<Envelope<Field[]>>('/fields');
    return data.data;
  },

  async create(request: CreateFieldRequest): Promise<Field> {
    const { data } = await http.post<Envelope<Field>>('/fields', request);
    return data.data;
  },
};
