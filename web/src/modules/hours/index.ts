// The hours module's public face for the rest of the web app (志愿服务时长): its pages are in routes.ts.
export { hoursText, minutesText } from './format';
