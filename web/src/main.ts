import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { onUnauthenticated } from './shared/http';
import { useSeniorModeStore } from './shared/seniorMode';
import { useSessionStore } from './shared/session';
import './shared/styles/base.css';
import './shared/styles/senior.css';
import './shared/styles/pages.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
// apply 长辈版 before the first paint
useSeniorModeStore(pinia);
const router = createAppRouter();
app.use(router);

// A session that expires mid-task: forget it and go to the right sign-in page.
onUnauthenticated(() => {
  useSessionStore(pinia).forget();
  const current = router.currentRoute.value;
  const staffArea = current.path.startsWith('/console');
  void router.push({ name: staffArea ? 'console-login' : 'login', query: { redirect: current.fullPath } });
});

app.mount('#app');
