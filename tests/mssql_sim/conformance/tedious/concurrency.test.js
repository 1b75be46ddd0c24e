// The simulator serves at least 200 clients at once (the engine and its tests open many):
// 200 tedious connections are all logged in together, each reads its own slice of a
// generated table while the others are open, and each gets exactly its rows.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { connect, close, query } = require('./lib');

const clients = 200;

test('200 connections at once each read their own rows', async () => {
  const connections = await Promise.all(
    Array.from({ length: clients }, () => connect({ database: 'cobranca' })));
  try {
    const results = await Promise.all(connections.map((connection, i) => query(
        connection,
        `SELECT [id] FROM [dbo].[bi_credores] WHERE [id] > ${i * 10} AND [id] <= ${i * 10 + 10}` +
            ' ORDER BY [id]')));
    // The table's ids have gaps, as identity columns do: the expected slices come from one
    // full read.
    const all = (await query(connections[0], 'SELECT [id] FROM [dbo].[bi_credores] ORDER BY [id]'))
                    .rows.map((row) => Number(row[0]));
    assert.equal(all.length, 5000);
    results.forEach(({ rows }, i) => {
      const ids = rows.map((row) => Number(row[0]));
      const expected = all.filter((id) => id > i * 10 && id <= i * 10 + 10);
      assert.ok(expected.length > 0);
      assert.deepEqual(ids, expected, `client ${i}`);
    });
    // Every connection is still usable after all the others have read.
    const counts = await Promise.all(
        connections.map((connection) => query(connection, 'SELECT COUNT_BIG(*) FROM [dbo].[bi_credores]')));
    counts.forEach(({ rows }) => assert.equal(String(rows[0][0]), '5000'));
  } finally {
    await Promise.all(connections.map((connection) => close(connection)));
  }
});
