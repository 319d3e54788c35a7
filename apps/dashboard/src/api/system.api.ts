import type { SystemStatus, SystemTraffic } from '@hotpath/contracts';
import { http } from './http';

export const systemApi = {
  async status(): Promise<SystemStatus> {
    const { data } = await http.get<SystemStatus>('/system/status');
    return data;
  },

  /** Recent traffic per area and queue for the live charts (`GET /system/traffic?minutes=`). */
  async traffic(minutes: number): Promise<SystemTraffic> {
    const { data } = await http.get<SystemTraffic>('/system/traffic', { params: { minutes } });
    return data;
  },
};
