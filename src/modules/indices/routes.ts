import type { App, AppContext } from '../../http.ts';

// Routes of this module are being built (issue in progress); registered here so the app assembles.
export function indexRoutes(_app: App, _ctx: AppContext): void {}
