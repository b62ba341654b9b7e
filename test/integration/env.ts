import path from 'node:path';
import { projectRoot } from '../../src/config.ts';

/** The real open data bundle; LERNORT_SHARED_DATA overrides the default ../shared/data. */
export const sharedDataDir = () => path.resolve(process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data'));

/** The PostgreSQL server the postgres project runs against (a maintenance database on it). */
export const serverAdminUrl = () => process.env.LERNORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
