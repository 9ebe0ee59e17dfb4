// The hours module's public face (志愿服务时长): its routes, and the reads the dashboard and reports use.
export { hoursRoutes } from './hours.routes.js';
export {
  listVolunteerHours,
  sumVolunteerHours,
  type VolunteerHoursCursor,
  type VolunteerHoursRow,
  type VolunteerHoursSum,
} from './hours.service.js';
