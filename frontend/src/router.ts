import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './lib/session';

/** French URLs; every page is its own chunk, so the search page loads only what it needs. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('./pages/HomePage.vue'),
    meta: { title: 'nav.home' },
  },
  {
    path: '/inscription',
    name: 'signup',
    component: () => import('./pages/SignUpPage.vue'),
    meta: { title: 'nav.signUp' },
  },
  {
    path: '/connexion',
    name: 'signin',
    component: () => import('./pages/SignInPage.vue'),
    meta: { title: 'nav.signIn' },
  },
  {
    path: '/profil',
    name: 'profile',
    component: () => import('./pages/ProfilePage.vue'),
    meta: { title: 'nav.profile', auth: true },
  },
  {
    path: '/recommandations',
    name: 'recommendations',
    component: () => import('./pages/RecommendationsPage.vue'),
    meta: { title: 'nav.recommendations' },
  },
  {
    path: '/recherche',
    name: 'search',
    component: () => import('./pages/SearchPage.vue'),
    meta: { title: 'nav.search' },
  },
  {
    path: '/offres/:id',
    name: 'offer',
    component: () => import('./pages/OfferPage.vue'),
    meta: { title: 'nav.search' },
  },
  {
    path: '/tableau-de-bord',
    name: 'dashboard',
    component: () => import('./pages/DashboardPage.vue'),
    meta: { title: 'nav.dashboard' },
  },
  {
    path: '/soft-skills',
    name: 'soft-skills',
    component: () => import('./pages/SoftSkillsPage.vue'),
    meta: { title: 'nav.softSkills' },
  },
  {
    path: '/mes-offres',
    name: 'my-offers',
    component: () => import('./pages/MyOffersPage.vue'),
    meta: { title: 'nav.myOffers', auth: true },
  },
  {
    path: '/sante',
    name: 'health',
    component: () => import('./pages/HealthPage.vue'),
    meta: { title: 'nav.health' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'state.notFound' },
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(to, from, saved) {
    if (saved) return saved;
    if (to.path === from.path) return false;
    return { top: 0 };
  },
});

router.beforeEach((to) => {
  if (to.meta.auth && session.status === 'anonymous') {
    return { name: 'signin', query: { suite: to.fullPath } };
  }
  return true;
});
