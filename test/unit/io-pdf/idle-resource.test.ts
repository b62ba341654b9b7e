// The browser behind PDF output: opened on first use, shared, closed after idling (fake clock).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleResource } from '../../../src/io/idle-resource.ts';

function fakeBrowsers() {
  const log: string[] = [];
  let n = 0;
  let failNext = false;
  const resource = idleResource<{ id: number }>({
    open: async () => {
      if (failNext) {
        failNext = false;
        log.push('open failed');
        throw new Error('no chromium');
      }
      n++;
      log.push(`open ${n}`);
      return { id: n };
    },
    close: async (r) => { log.push(`close ${r.id}`); },
    idleMs: () => 60_000,
  });
  return { resource, log, failOnce: () => { failNext = true; } };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('idleResource', () => {
  it('opens nothing until the first use', () => {
    const { resource, log } = fakeBrowsers();
    expect(resource.isOpen).toBe(false);
    expect(log).toEqual([]);
  });

  it('two concurrent first uses share one opening', async () => {
    const { resource, log } = fakeBrowsers();
    const ids = await Promise.all([resource.use(async (r) => r.id), resource.use(async (r) => r.id)]);
    expect(ids).toEqual([1, 1]);
    expect(log).toEqual(['open 1']);
  });

  it('closes after the idle time once the last user is done, and opens a new one on the next use', async () => {
    const { resource, log } = fakeBrowsers();
    await resource.use(async () => undefined);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(log).toEqual(['open 1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['open 1', 'close 1']);
    expect(resource.isOpen).toBe(false);
    expect(await resource.use(async (r) => r.id)).toBe(2);
  });

  it('a use within the idle time keeps the same resource and restarts the idle clock', async () => {
    const { resource, log } = fakeBrowsers();
    await resource.use(async () => undefined);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(await resource.use(async (r) => r.id)).toBe(1);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(log).toEqual(['open 1']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(['open 1', 'close 1']);
  });

  it('does not close while a long use is still running', async () => {
    const { resource, log } = fakeBrowsers();
    let finish!: () => void;
    const long = resource.use(() => new Promise<void>((resolve) => { finish = resolve; }));
    await resource.use(async () => undefined);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log).toEqual(['open 1']);
    finish();
    await long;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['open 1', 'close 1']);
  });

  it('a failed opening is forgotten: the next use tries again', async () => {
    const { resource, log, failOnce } = fakeBrowsers();
    failOnce();
    await expect(resource.use(async () => undefined)).rejects.toThrow('no chromium');
    expect(resource.isOpen).toBe(false);
    expect(await resource.use(async (r) => r.id)).toBe(1);
    expect(log).toEqual(['open failed', 'open 1']);
  });

  it('close() shuts the resource at once (server shutdown)', async () => {
    const { resource, log } = fakeBrowsers();
    await resource.use(async () => undefined);
    await resource.close();
    expect(log).toEqual(['open 1', 'close 1']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['open 1', 'close 1']);
  });
});
