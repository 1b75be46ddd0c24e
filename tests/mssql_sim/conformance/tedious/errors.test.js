// Errors as SQL Server sends them, through tedious 19, and a server that goes on serving.
// Numbers, severities, states and texts are SQL Server's: 18456 (severity 14, state 1 as
// clients see it), 102 (severity 15), 208 (severity 16).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { connect, close, query, withConnection } = require('./lib');

const database = 'conformance';
const probe = 'SELECT [id] FROM [dbo].[every_type] WHERE [id] = 1';

async function assertServes(connection) {
  const { rows } = await query(connection, probe);
  assert.deepEqual(rows, [[1]]);
}

test('a wrong password gets error 18456 and the server serves the next login', async () => {
  const bystander = await connect({ database });
  try {
    await assert.rejects(connect({ database, password: 'not the password' }), (error) => {
      assert.equal(error.code, 'ELOGIN');
      assert.equal(error.message, `Login failed for user '${process.env.MSSQL_USER}'.`);
      assert.equal(error.serverErrors.length, 1);
      const [token] = error.serverErrors;
      assert.equal(token.number, 18456);
      assert.equal(token.class, 14);
      assert.equal(token.state, 1);
      return true;
    });
    await assertServes(bystander);
    await withConnection(database, assertServes);
  } finally {
    await close(bystander);
  }
});

test('a syntax error gets error 102 and the same connection goes on', async () => {
  await withConnection(database, async (connection) => {
    await assert.rejects(query(connection, 'SELECT [id] FROM [dbo].[every_type] WHERE [id] = = 1'), (error) => {
      assert.equal(error.number, 102);
      assert.equal(error.class, 15);
      assert.equal(error.state, 1);
      assert.equal(error.lineNumber, 1);
      assert.equal(error.message, "Incorrect syntax near '='.");
      return true;
    });
    await assertServes(connection);
  });
});

test('an unknown table gets error 208 and the server serves the next login', async () => {
  const bystander = await connect({ database });
  try {
    await withConnection(database, async (connection) => {
      await assert.rejects(query(connection, 'SELECT * FROM dbo.no_such_table'), (error) => {
        assert.equal(error.number, 208);
        assert.equal(error.class, 16);
        assert.equal(error.state, 1);
        assert.equal(error.lineNumber, 1);
        assert.equal(error.message, "Invalid object name 'dbo.no_such_table'.");
        return true;
      });
      await assertServes(connection);
    });
    await assertServes(bystander);
    await withConnection(database, assertServes);
  } finally {
    await close(bystander);
  }
});
