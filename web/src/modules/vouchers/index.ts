// The vouchers module's public face for the rest of the web app: its pages (routes.ts) only — the
// merchant portal, which honours vouchers and publishes offers, is the merchants module's.
export {};
