// The setup module's public face on the web: whether first-run setup is complete (the console's landing asks).
export { setupApi } from './api';
