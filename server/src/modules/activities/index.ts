// The activities module's public face.
export { activitiesRoutes } from './activities.routes.js';
// The weekly cycle's steps (the demo plans its weeks through them).
export {
  approveActivity,
  approveSubmitted,
  createActivity,
  publishApprovedOfWeek,
  submitActivity,
  readMenuSettings,
  updateMenuSettings,
} from './activities.service.js';
export { copyActivityToNextWeek, startWeekFromLastWeek } from './activities.copies.js';
export { register } from './registrations.service.js';
export { checkIn, prepareCheckIn } from './checkins.service.js';
// What the menus module reads: a week's activities, the public ones, and the cycle's settings.
export {
  activitiesOfWeek,
  lockActivitiesOfWeek,
  publicActivitiesOfWeek,
  publicActivityRows,
} from './activities.queries.js';
export { loadMenuSettings, type MenuSettings } from './menu-settings.js';
export { presentPublicActivity, presentStaffActivity, type ActivityView } from './activities.presenter.js';
export type { ActivityRow } from './activities.repository.js';
// The setup checklist's read.
export { countActivitiesSent } from './activities.repository.js';
