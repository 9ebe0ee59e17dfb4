// The menus module's public face for the rest of the web app (its pages are in routes.ts).
export { menusApi } from './api';
// Copying an article for the WeChat editor (the reports' article is pasted the same way).
export { copyRichHtml, copySource } from './articleCopy';
