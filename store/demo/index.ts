/**
 * @pco/store/demo: the demo organisation (stable ids, demo-only device keys) and its idempotent seed.
 * `npm start`, `npm run db:seed`, tests and the benchmark use it; it is not part of the store's
 * public index, so no product code can depend on demo data.
 */
export { DEMO } from './demo-data';
export { DEMO_DEVICE_KEYS } from './demo-device-keys';
export { seedDemoData } from './seed';
export { DEMO_CONSOLE_SIGN_INS, seedDemoConsoleSignIns } from './demo-console-sign-ins';
export { DEMO_PERSONS } from './demo-data';
