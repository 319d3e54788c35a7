import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'overview', component: () => import('../views/OverviewView.vue'), meta: { title: 'Overview' } },
  {
    path: '/subscribers',
    name: 'subscribers',
    component: () => import('../views/SubscribersView.vue'),
    meta: { title: 'Subscribers' },
  },
  { path: '/polls/:id?', name: 'polls', component: () => import('../views/PollsView.vue'), meta: { title: 'Polls' } },
  { path: '/deliverability', name: 'deliverability', component: () => import('../views/DeliverabilityView.vue'), meta: { title: 'Deliverability' } },
  { path: '/payments', name: 'payments', component: () => import('../views/PaymentsView.vue'), meta: { title: 'Payments' } },
  { path: '/analytics', name: 'analytics', component: () => import('../views/AnalyticsView.vue'), meta: { title: 'Analytics' } },
  {
    path: '/:path(.*)*',
    name: 'not-found',
    component: () => import('../views/NotFoundView.vue'),
    meta: { title: 'Not found' },
  },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.afterEach((to) => {
    const title = typeof to.meta['title'] === 'string' ? to.meta['title'] : null;
    document.title = title === null ? 'Hotpath' : `${title} · Hotpath`;
  });
  return router;
}
