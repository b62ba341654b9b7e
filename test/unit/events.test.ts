import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/events.ts';

interface E { 'areas.changed': { layers: string[] } }

describe('event bus', () => {
  it('calls the listeners of an event in wiring order with the context and payload, once each', async () => {
    const bus = new EventBus<E, string[]>();
    const a = async (log: string[], p: { layers: string[] }) => { log.push(`a:${p.layers.join(',')}`); };
    const b = async (log: string[]) => { log.push('b'); };
    bus.on('areas.changed', a);
    bus.on('areas.changed', b);
    bus.on('areas.changed', a); // wiring twice does not call twice
    const log: string[] = [];
    await bus.emit(log, 'areas.changed', { layers: ['ortsteil'] });
    expect(log).toEqual(['a:ortsteil', 'b']);
    expect(bus.listenerCount('areas.changed')).toBe(2);
  });

  it('lets a failing listener fail the emit (the transaction rolls back)', async () => {
    const bus = new EventBus<E, null>();
    bus.on('areas.changed', async () => { throw new Error('listener failed'); });
    await expect(bus.emit(null, 'areas.changed', { layers: [] })).rejects.toThrow('listener failed');
  });
});
