// garantd checks its application role at every start (docs/database.md,
// "Roles"): once the role may CREATE in the schema (granted behind garantd's
// back), the next start is refused with a message naming the finding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Garantd } from './lib/garantd.mjs';

const g = new Garantd();
before(async () => { await g.start({ demo: false }); });
after(() => g.cleanup());

test('an application role that may CREATE in the schema: garantd refuses to start', async () => {
  g.psql('GRANT CREATE ON SCHEMA public TO garant_app');
  await g.stop();
  await assert.rejects(g.start({ demo: false }), (err) => {
    assert.match(err.message, /garantd exited/);
    assert.match(err.message, /the application role \(database_url\) must not be able to change the schema; garantd refuses to start: garant_app may CREATE in the schema public/);
    return true;
  });
  assert.notEqual((await g.exited).code, 0);
});
