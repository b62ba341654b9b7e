// Undoing an import: remove exactly what it wrote, in one transaction, audited — or refuse, in German
// and English, when something else depends on it. Values an import overwrote are not kept anywhere,
// so an undo removes the import's rows; it does not bring back what they replaced (the report says so).
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import * as audit from '../audit/service.ts';
import * as areas from '../areas/service.ts';
import * as facilities from '../facilities/service.ts';
import * as indices from '../indices/service.ts';
import * as observations from '../observations/service.ts';
import * as repo from './repo.ts';

export interface UndoReport {
  id: number;
  kind: string;
  observationsRemoved: number;
  areasRemoved: number;
  layerRemoved: string | null;
  note: { de: string; en: string };
}

const refuse = (id: number, de: string, en: string, status = 409) => new LernortError('IMPORT_UNDO_REFUSED', `Import ${id} kann nicht rückgängig gemacht werden: ${de}`, `Import ${id} cannot be undone: ${en}`, { status });

export async function undoImport(db: Database, id: number, actor: { userId: number | null; name: string }): Promise<UndoReport> {
  return withTransaction(db, async (client) => {
    const row = (await client.query<repo.ImportRow>('SELECT * FROM imports WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!row) throw new LernortError('NOT_FOUND', `Import ${id} wurde nicht gefunden.`, `Import ${id} was not found.`, { status: 404 });
    if (row.status !== 'committed') throw refuse(id, `sein Status ist „${row.status}“; nur übernommene Importe lassen sich zurücknehmen.`, `its status is "${row.status}"; only committed imports can be undone.`);
    let result: UndoReport;
    if (row.kind === 'observations') result = await undoObservations(client, id);
    else if (row.kind === 'areas') result = await undoAreas(client, id, row);
    else throw refuse(id, `Importe der Art „${row.kind}“ (Rezepte, Einrichtungen) werden nicht zurückgenommen; bitte neu laden bzw. im Register bearbeiten.`, `imports of kind "${row.kind}" (recipes, facilities) are not undone; reload them or edit the registry.`);
    await client.query(`UPDATE imports SET status = 'undone' WHERE id = $1`, [id]);
    await audit.record(client, { actor: { id: actor.userId, name: actor.name }, action: 'import-undo', entity: row.kind, entityId: String(id), before: { file: row.file_name, fileHash: row.file_hash, rowsWritten: row.rows_written }, after: { ...result } });
    return result;
  });
}

async function undoObservations(q: Queryable, id: number): Promise<UndoReport> {
  const observationsRemoved = await observations.deleteOfImport(q, id);
  // Merged areas ("A und B") this import made, unless another import's values still use them.
  const made = await areas.areaIdsOfImport(q, id);
  const used = new Set(await observations.areasWithValues(q, made));
  const areasRemoved = await areas.deleteAreas(q, made.filter((a) => !used.has(a)));
  return {
    id, kind: 'observations', observationsRemoved, areasRemoved, layerRemoved: null,
    note: { de: 'Werte, die dieser Import überschrieben hatte, werden nicht wiederhergestellt; bei Bedarf die frühere Datei erneut importieren.', en: 'Values this import had overwritten are not restored; re-import the earlier file if needed.' },
  };
}

/**
 * An area import can be undone when it created its layer: then every area of the layer is its own.
 * Into an existing layer it may have updated areas that existed before (their old geometry is not
 * kept), so that is refused. Anything that refers to the layer's areas blocks the undo.
 */
async function undoAreas(q: Queryable, id: number, row: repo.ImportRow): Promise<UndoReport> {
  const created = (row.report as { layerCreated?: { key: string } } | null)?.layerCreated?.key;
  if (!created) throw refuse(id, 'er hat Gebiete einer bestehenden Ebene aktualisiert, deren frühere Fassung nicht aufbewahrt ist; bitte die frühere Datei erneut importieren.', 'it updated areas of an existing layer whose earlier version is not kept; re-import the earlier file instead.');
  const layerId = await areas.layerIdOf(q, created);
  if (layerId === undefined) throw refuse(id, `die Ebene „${created}“ gibt es nicht mehr.`, `layer "${created}" no longer exists.`);
  // Each owner counts what of its own refers to the layer's areas (every area the layer ever had).
  const mine = (await areas.everyAreaOfLayer(q, layerId)).map((a) => a.id);
  const inAreas = await areas.layerDependents(q, layerId);
  const inIndices = await indices.referencesToAreas(q, mine);
  const deps = [
    { what: 'observations', n: await observations.countOfAreas(q, mine) },
    { what: 'child areas', n: inAreas.childAreas },
    { what: 'groupings', n: inAreas.groupings },
    { what: 'layers', n: inAreas.layers },
    { what: 'index results', n: inIndices.indexResults },
    { what: 'focus areas', n: inIndices.focusAreas },
    { what: 'service areas', n: await facilities.serviceAreasOn(q, mine) },
  ].filter((d) => d.n > 0);
  if (deps.length > 0) {
    const de: Record<string, string> = { observations: 'Werte', 'child areas': 'untergeordnete Gebiete', groupings: 'Gruppierungen', layers: 'Ebenen', 'index results': 'Indexergebnisse', 'focus areas': 'Fokusgebiete', 'service areas': 'Angebotsgebiete' };
    throw refuse(id, `davon hängen ab: ${deps.map((d) => `${d.n} ${de[d.what]}`).join(', ')}. Zuerst diese entfernen.`, `these depend on it: ${deps.map((d) => `${d.n} ${d.what}`).join(', ')}. Remove them first.`);
  }
  // Facility assignments to the layer are derived (re-made on every area import); they go with it.
  await facilities.deleteAssignmentsOfLayer(q, layerId);
  const areasRemoved = await areas.deleteLayerWithAreas(q, layerId);
  return { id, kind: 'areas', observationsRemoved: 0, areasRemoved, layerRemoved: created, note: { de: `Ebene „${created}“ mit ihren Gebieten entfernt.`, en: `Layer "${created}" removed with its areas.` } };
}
