// Documents attached to a group or a meeting, stored as bytea in PostgreSQL so the logical backup
// (system/backup.ts, every table of the public schema) carries them without a second store.
// Limits: the size of LERNORT_MAX_UPLOAD_MB (multipart limit in server.ts, checked again here) and
// an allowlist of types whose first bytes must match the extension (a renamed .exe is refused).
import crypto from 'node:crypto';
import type { Queryable } from '../../db/connection.ts';
import type { SessionUser } from '../users/service.ts';
import { DOCUMENT, notFound, requireGroup } from './access.ts';
import { loadMeeting } from './meetings.ts';
import { finalisedError } from '../../core/meetings/lifecycle.ts';

import { checkDocument, safeFileName as safeName } from '../../core/documents.ts';

export async function uploadDocument(q: Queryable, user: SessionUser, groupId: number, file: { fileName: string; bytes: Buffer; meetingId?: number }, maxBytes: number) {
  await requireGroup(q, user, groupId, 'write');
  if (file.meetingId !== undefined) {
    const { m } = await loadMeeting(q, user, file.meetingId, 'write');
    if (m.group_id !== groupId) throw notFound({ de: 'Sitzung', en: 'Meeting' }, file.meetingId);
    if (m.status === 'finalised') throw finalisedError();
  }
  const media = checkDocument(file.fileName, file.bytes, maxBytes);
  const r = await q.query<{ id: number; created_at: Date }>(
    'INSERT INTO coordination_documents (group_id, meeting_id, file_name, media_type, size_bytes, sha256, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at',
    [groupId, file.meetingId ?? null, safeName(file.fileName), media, file.bytes.length, crypto.createHash('sha256').update(file.bytes).digest('hex'), file.bytes, user.id],
  );
  return { id: r.rows[0].id, groupId, meetingId: file.meetingId ?? null, fileName: safeName(file.fileName), mediaType: media, sizeBytes: file.bytes.length, createdAt: r.rows[0].created_at.toISOString() };
}

export async function listDocuments(q: Queryable, user: SessionUser, groupId: number) {
  await requireGroup(q, user, groupId, 'read');
  const rows = (await q.query<{ id: number; meeting_id: number | null; file_name: string; media_type: string; size_bytes: number; created_at: Date }>(
    'SELECT id, meeting_id, file_name, media_type, size_bytes, created_at FROM coordination_documents WHERE group_id = $1 ORDER BY id', [groupId])).rows;
  return rows.map((d) => ({ id: d.id, groupId, meetingId: d.meeting_id, fileName: d.file_name, mediaType: d.media_type, sizeBytes: d.size_bytes, createdAt: d.created_at.toISOString() }));
}

async function loadDocument(q: Queryable, user: SessionUser, id: number, need: 'read' | 'write') {
  const d = (await q.query<{ id: number; group_id: number; meeting_id: number | null; file_name: string; media_type: string; content: Buffer; status: string | null }>(
    'SELECT d.*, m.status FROM coordination_documents d LEFT JOIN meetings m ON m.id = d.meeting_id WHERE d.id = $1', [id])).rows[0];
  if (!d) throw notFound(DOCUMENT, id);
  await requireGroup(q, user, d.group_id, need, DOCUMENT, id);
  return d;
}

export async function downloadDocument(q: Queryable, user: SessionUser, id: number) {
  const d = await loadDocument(q, user, id, 'read');
  return { fileName: d.file_name, mediaType: d.media_type, content: d.content };
}

export async function deleteDocument(q: Queryable, user: SessionUser, id: number): Promise<void> {
  const d = await loadDocument(q, user, id, 'write');
  if (d.status === 'finalised') throw finalisedError();
  await q.query('DELETE FROM coordination_documents WHERE id = $1', [id]);
}
