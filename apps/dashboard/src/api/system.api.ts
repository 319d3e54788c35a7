import type { SystemStatus } from '@hotpath/contracts';
import { http } from './http';

export const systemApi = {
  async status(): Promise<SystemStatus> {
    const { data } = await http.get<SystemStatus>('/system/status');
    return data;
  },
};
