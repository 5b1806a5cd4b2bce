/**
 * The store functions the review, requests, inventory, event log, regulated-use and admin routes
 * call from their loaders and actions. Routes import them from here, a `.server` module, so Remix
 * keeps them (and MikroORM behind them) out of the browser bundle, and the console's boundary
 * (only `*.server.ts` touches the store; eslint.config.js and test/server-boundary.unit.test.ts)
 * holds for every page.
 */
export {
  assignLocations,
  changeRole,
  closeReviewItem,
  createLocation,
  createPerson,
  createProduct,
  decideRequest,
  getEventAttachment,
  getProduct,
  listEventLogPage,
  listFilterOptions,
  listLocationsPage,
  listOnHandPage,
  listPeoplePage,
  listProductsPage,
  listRegulatedMovementsPage,
  listRequestsPage,
  listReviewItemsPage,
  readRequestHistory,
  receiveStock,
  setLocationActive,
  updateProduct,
} from '@pco/store';
