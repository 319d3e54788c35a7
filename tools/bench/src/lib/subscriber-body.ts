/**
 * One subscriber as GET /subscribers/:email answers it: the body the raw node:http baseline and the framework
 * floor (tools/bench/framework-floor.mjs) send, so that they compare like with like.
 */
export const SUBSCRIBER_BODY = {
  data: {
    email: 'get-hot-0000001@example.com',
    name: 'Bench',
    lastName: 'Subscriber',
    status: 'active',
    fields: {},
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  },
};
