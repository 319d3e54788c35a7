import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setAdminTokenSource } from './api/http';
import { createAppRouter } from './router';
import { useAuthStore } from './stores/auth.store';
import './styles/main.css';

const pinia = createPinia();
const app = createApp(App).use(pinia).use(createAppRouter());
const auth = useAuthStore(pinia);
setAdminTokenSource(() => auth.token);
app.mount('#app');
// A token kept from an earlier visit may have been changed on the API since: check it once.
if (auth.hasToken) void auth.verify();
