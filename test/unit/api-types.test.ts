// The web client's API types (web/src/shared/api-types.ts) are generated from docs/openapi.json by
// `npm run api-types`. This test generates them again in memory and fails when the committed file
// is stale, e.g. after `npm run openapi` changed the contract without regenerating the types.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { projectRoot } from '../../src/config.ts';

describe('the generated API types of the web client', () => {
  it('match docs/openapi.json (run `npm run api-types` after `npm run openapi`)', async () => {
    const spec = pathToFileURL(path.join(projectRoot, 'docs', 'openapi.json'));
    const fresh = `${COMMENT_HEADER}${astToString(await openapiTS(spec, { silent: true }))}`;
    const committed = fs.readFileSync(path.join(projectRoot, 'web', 'src', 'shared', 'api-types.ts'), 'utf8');
    expect(committed.startsWith(COMMENT_HEADER)).toBe(true);
    // Compare whole text; on a mismatch, name the first differing line instead of dumping 30,000 lines.
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = a.findIndex((text, i) => text !== b[i]);
      expect.fail(`web/src/shared/api-types.ts is stale from line ${line + 1}: committed ${JSON.stringify(a[line])}, generated ${JSON.stringify(b[line])}. Run \`npm run api-types\`.`);
    }
    expect(fresh).toContain('"/api/layers"');
  });
});
