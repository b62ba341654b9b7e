// An expensive resource (a browser) that is opened on first use, shared while in use and closed
// after it has been idle for a while. Concurrent first users share one opening; a failed opening
// is forgotten so that the next user tries again.
export interface IdleResource<T> {
  /** Runs fn with the resource, opening it when needed; the idle clock starts when the last user is done. */
  use<R>(fn: (resource: T) => Promise<R>): Promise<R>;
  /** Closes the resource now (shutdown, tests); the next use opens it again. */
  close(): Promise<void>;
  /** Whether the resource is open or opening (for tests and diagnostics). */
  readonly isOpen: boolean;
}

export function idleResource<T>(opts: {
  open: () => Promise<T>;
  close: (resource: T) => Promise<void>;
  idleMs: () => number;
  /** Lets the owner forget a resource that died by itself (a crashed browser). */
  onOpen?: (resource: T, forget: () => void) => void;
}): IdleResource<T> {
  let current: Promise<T> | null = null;
  let users = 0;
  let timer: NodeJS.Timeout | null = null;

  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const shut = async () => {
    stopTimer();
    const opened = current;
    current = null;
    const resource = await opened?.catch(() => null);
    if (resource) await opts.close(resource).catch(() => undefined);
  };
  const acquire = (): Promise<T> => {
    if (!current) {
      const opening = opts.open();
      current = opening;
      opening.then(
        (resource) => opts.onOpen?.(resource, () => { if (current === opening) current = null; }),
        () => { if (current === opening) current = null; },
      );
    }
    return current;
  };

  return {
    async use(fn) {
      users++;
      stopTimer();
      try {
        return await fn(await acquire());
      } finally {
        users--;
        if (users === 0 && current) {
          timer = setTimeout(() => { if (users === 0) void shut(); }, opts.idleMs());
          timer.unref();
        }
      }
    },
    close: shut,
    get isOpen() {
      return current !== null;
    },
  };
}
