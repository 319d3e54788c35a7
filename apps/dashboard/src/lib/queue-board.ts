/**
 * The API's queue board, where failed and dead-lettered jobs are inspected and retried. It is a page of the
 * API, not of this app: the dashboard's server (Vite, nginx) forwards /admin to the API as it is.
 */
export const QUEUE_BOARD_PATH = '/admin/queues';
