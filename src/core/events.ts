// Events between modules: a module announces what it changed, and the modules that depend on it
// listen. The announcer does not import the listener; listeners are wired where the app is assembled
// (src/listeners.ts). Listeners run inside the announcer's transaction, in the order they were
// wired, so an import and what follows from it commit or fail together.

export interface SpineEvents {
  /** Areas of these layers were added, replaced or deleted (an import of areas, an undo). */
  'areas.changed': { layers: string[] };
  /** Values of these indicators were written in one series variant (an import, a derived indicator, a model run). */
  'observations.written': { indicatorIds: number[]; variantId: number; importId: number | null; runId: number | null; rows: number };
}

export type Listener<P, Ctx> = (ctx: Ctx, payload: P) => Promise<void>;

export class EventBus<Events extends object, Ctx> {
  private readonly listeners = new Map<keyof Events, Listener<never, Ctx>[]>();

  on<E extends keyof Events>(event: E, listener: Listener<Events[E], Ctx>): void {
    const list = this.listeners.get(event) ?? [];
    if (!list.includes(listener as Listener<never, Ctx>)) list.push(listener as Listener<never, Ctx>);
    this.listeners.set(event, list);
  }

  async emit<E extends keyof Events>(ctx: Ctx, event: E, payload: Events[E]): Promise<void> {
    for (const listener of this.listeners.get(event) ?? []) await (listener as Listener<Events[E], Ctx>)(ctx, payload);
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}
