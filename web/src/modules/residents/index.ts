// The residents module's public face for the rest of the web app.
export { residentsApi } from './api';
export { default as MemberLookup } from './components/MemberLookup.vue';
export { useResident } from './composables/useResident';
