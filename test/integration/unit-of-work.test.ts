// withWrite is the one unit of work: the change, its audit row and what listeners do on its event
// commit together or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWrite } from '../../src/modules/audit/service.ts';
import { events } from '../../src/modules/system/service.ts';
import { testApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => t?.close());

const auditRows = async (entityId: string) => (await t.db.pool.query('SELECT actor, action, entity, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2', ['uow-test', entityId])).rows;

describe('withWrite', () => {
  it('commits the change with its audit row and lets listeners of its event act in the same transaction', async () => {
    const seen: string[][] = [];
    events.on('areas.changed', async (q, p) => {
      // The listener sees the uncommitted audit row: it runs inside the announcer's transaction.
      const r = await q.query("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'uow-test' AND entity_id = 'ok'");
      seen.push([...p.layers, String(r.rows[0].n)]);
    });
    const out = await withWrite(t.db, { userId: null, name: 'uow-tester' }, async (w) => {
      await w.audit({ action: 'test', entity: 'uow-test', entityId: 'ok', before: { n: 1 }, after: { n: 2 } });
      await w.emit('areas.changed', { layers: ['ortsteil'] });
      return 42;
    });
    expect(out).toBe(42);
    expect(seen).toContainEqual(['ortsteil', '1']);
    expect(await auditRows('ok')).toEqual([{ actor: 'uow-tester', action: 'test', entity: 'uow-test', before: { n: 1 }, after: { n: 2 } }]);
  });

  it('leaves neither the change nor its audit row when the work fails', async () => {
    await expect(withWrite(t.db, { userId: null, name: 'uow-tester' }, async (w) => {
      await w.audit({ action: 'test', entity: 'uow-test', entityId: 'failed' });
      throw new Error('the write fails after auditing');
    })).rejects.toThrow('the write fails');
    expect(await auditRows('failed')).toEqual([]);
  });
});
