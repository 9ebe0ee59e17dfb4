// The residents module's public face for the rest of the web app.
import { defineAsyncComponent } from 'vue';

export { residentsApi } from './api';
export { useResident } from './composables/useResident';
// The resident's member card, for the resident home (web/src/shell).
export { default as MemberCardView } from './components/MemberCardView.vue';
export { useMemberCard } from './composables/useMemberCard';
/**
 * The desks' card lookup (scan or type a card, pick from name matches). Loaded when a desk first shows it: it is
 * built on Element Plus, which the resident home — importing this index for the member card — must not pull in.
 */
export const MemberLookup = defineAsyncComponent(() => import('./components/MemberLookup.vue'));
