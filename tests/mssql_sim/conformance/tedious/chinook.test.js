// The 11 Chinook tables read through the simulator (loaded from Chinook_SqlServer.sql) hold
// exactly the rows of the same database loaded into PostgreSQL from Chinook_PostgreSql.sql:
// an independent route to the expected rows. ../chinook.sh loads PostgreSQL and leaves one
// JSON object per row in CHINOOK_PG_DUMP/<table>.jsonl (row_to_json, snake_case names).
//
// Both sides are normalised before comparing: numbers as JavaScript numbers (numeric(10,2)
// values have at most 10 digits, which a double holds exactly), timestamps as
// 'YYYY-MM-DDTHH:MM:SS.mmm' (datetime keeps milliseconds; PostgreSQL's timestamp has no zone,
// tedious's useUTC Date holds the stored fields in UTC), NULL as null, text without trailing
// spaces. The last because the PostgreSQL script writes its strings as N'…', which PostgreSQL
// types as character(n), and a character(n) stored into varchar loses its trailing spaces
// (customer 54's city N'Edinburgh ' becomes 'Edinburgh'), whereas SQL Server's nvarchar keeps
// them; the test below checks that the simulator keeps that one.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { query, withConnection } = require('./lib');

const dumpDir = process.env.CHINOOK_PG_DUMP;

const snakeCase = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const trimEnd = (text) => text.replace(/ +$/, '');

function normaliseSim(value) {
  if (value instanceof Date) return value.toISOString().replace(/Z$/, '');
  if (typeof value === 'string') return trimEnd(value);
  return value;
}

function normalisePg(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) {
    const [whole, fraction = ''] = value.split('.');
    return `${whole}.${fraction.padEnd(3, '0').slice(0, 3)}`;
  }
  if (typeof value === 'string') return trimEnd(value);
  return value;
}

function readPgTable(table) {
  const text = fs.readFileSync(path.join(dumpDir, `${table}.jsonl`), 'utf8');
  const objects = text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  return objects;
}

// Counts each canonical row; a multiset, so duplicates must match too.
function multiset(rows) {
  const counts = new Map();
  for (const row of rows) {
    const key = JSON.stringify(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function difference(a, b) {
  const missing = [];
  for (const [key, count] of a) {
    const other = b.get(key) ?? 0;
    for (let i = other; i < count; i++) missing.push(key);
  }
  return missing;
}

test('the simulator lists the 11 Chinook tables', async () => {
  assert.ok(dumpDir, 'CHINOOK_PG_DUMP is not set: run this test through chinook.sh');
  const pgTables = fs.readdirSync(dumpDir).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -6)).sort();
  assert.equal(pgTables.length, 11);
  await withConnection('Chinook', async (connection) => {
    const { rows } = await query(connection,
      "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    assert.deepEqual(rows.map(([schema]) => schema), Array(11).fill('dbo'));
    assert.deepEqual(rows.map(([, name]) => snakeCase(name)).sort(), pgTables);
  });
});

const tables = ['Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType',
  'Playlist', 'PlaylistTrack', 'Track'];

for (const table of tables) {
  test(`every row of ${table} equals the PostgreSQL script's, both ways`, async () => {
    const pgObjects = readPgTable(snakeCase(table));
    assert.ok(pgObjects.length > 0, `no rows in the PostgreSQL dump of ${table}`);
    const pgColumns = Object.keys(pgObjects[0]);
    const pgRows = pgObjects.map((object) => pgColumns.map((column) => normalisePg(object[column])));

    const sim = await withConnection('Chinook', (connection) => query(connection, `SELECT * FROM [dbo].[${table}]`));
    assert.deepEqual(sim.columns.map((column) => snakeCase(column.colName)), pgColumns);
    const simRows = sim.rows.map((row) => row.map(normaliseSim));

    const missing = difference(multiset(pgRows), multiset(simRows));
    const extra = difference(multiset(simRows), multiset(pgRows));
    assert.deepEqual({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }, { missing: [], extra: [] },
      `${table}: ${missing.length} rows of the script are missing, ${extra.length} rows are not in the script`);
    assert.equal(simRows.length, pgRows.length);
    assert.equal(sim.rowCount, pgRows.length, 'DONE row count');
  });
}

test("nvarchar keeps the trailing space of the script's N'Edinburgh '", async () => {
  const { rows } = await withConnection('Chinook', (connection) =>
    query(connection, 'SELECT [City] FROM [dbo].[Customer] WHERE [CustomerId] = 54'));
  assert.deepEqual(rows, [['Edinburgh ']]);
});
