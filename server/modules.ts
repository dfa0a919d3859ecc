// The route modules of `cim serve`, in one list so the command, the tests and the benches run the same server.
import type { App } from './app';
import { authRoutes } from './auth/routes';
import { gridRoutes } from './grid/routes';
import { ogcRoutes } from './ogc/routes';
import { reviewRoutes } from './reviews/routes';
import { tourRoutes } from './tours/routes';

export const MODULES: ((app: App) => void | Promise<void>)[] = [authRoutes, ogcRoutes, (app) => gridRoutes(app), reviewRoutes, tourRoutes];
