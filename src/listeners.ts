// Wires the listeners of the spine's events (src/core/events.ts) once per process. The announcing
// module does not import the listening one: imports and recipes say "areas changed", facilities
// follow their areas. Called where the app is assembled (server.ts) and where a command opens the
// database (main.ts openAndMigrate, which every CLI command and the server start go through), so a
// `lernort import` beside a running server does the same as an upload through the API.
import { events } from './modules/system/service.ts';
import { reassignFacilities } from './modules/facilities/service.ts';

/** Facilities follow their areas: after areas changed they are assigned again, in the same transaction. */
const facilitiesFollowAreas = async (q: Parameters<typeof reassignFacilities>[0]) => {
  await reassignFacilities(q);
};

/** Idempotent: wiring twice does not call a listener twice (the bus keeps each listener once). */
export function wireListeners(): void {
  events.on('areas.changed', facilitiesFollowAreas);
}
