import { createApp, h, provide } from 'vue';
import { DefaultApolloClient } from '@vue/apollo-composable';
import App from './App.vue';
import { apolloClient } from './lib/apollo';
import { restoreSession } from './lib/session';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

document.documentElement.lang = i18n.global.locale.value;

const app = createApp({
  setup() {
    provide(DefaultApolloClient, apolloClient);
  },
  render: () => h(App),
});
app.use(i18n);
app.use(router);

// The session is resumed (one refresh) before the first page asks for anything.
void restoreSession().finally(() => {
  app.mount('#app');
});
