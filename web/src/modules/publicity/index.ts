// The publicity module's public face for the rest of the web app.
export { default as FeedbackForm } from './components/FeedbackForm.vue';
export { default as ResultCard } from './components/ResultCard.vue';
export { default as ResultFormDialog } from './components/ResultFormDialog.vue';
export { useActivityResult } from './composables/useActivityResult';
