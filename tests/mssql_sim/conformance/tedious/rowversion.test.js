// rowversion through tedious 19 (../rowversion.sql): 8 bytes set by the server on insert,
// unique and increasing in insert order.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { query, withConnection } = require('./lib');

const database = 'conformance';

test('rowversion is 8 bytes, unique and increasing in insert order', async () => {
  const rows = await withConnection(database, async (connection) =>
    (await query(connection, 'SELECT [id], [name], [rv] FROM [dbo].[versioned] ORDER BY [id]')).rows);
  assert.deepEqual(rows.map(([id, name]) => [id, name]), [[1, 'first'], [2, 'second'], [3, 'third']]);
  const versions = rows.map(([, , rv]) => Buffer.from(rv));
  versions.forEach((rv) => assert.equal(rv.length, 8));
  for (let i = 1; i < versions.length; i++) {
    assert.ok(Buffer.compare(versions[i - 1], versions[i]) < 0, 'rowversions increase');
  }
});
