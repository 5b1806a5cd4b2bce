/** File-system routes (v3_routeConfig): `app/routes/*` with Remix's flat-route naming. */
import type { RouteConfig } from '@remix-run/route-config';
import { flatRoutes } from '@remix-run/fs-routes';

export default flatRoutes() satisfies RouteConfig;
