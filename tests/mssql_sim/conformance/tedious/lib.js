// Helpers for the tedious conformance tests: connect to the simulator that with-sim.sh
// started (MSSQL_HOST, MSSQL_PORT, MSSQL_USER, MSSQL_PASSWORD) and run SQL batches.
'use strict';

const path = require('node:path');

const tedious = require(path.join(__dirname, '..', '..', '..', 'node', 'node_modules', 'tedious'));

function environment(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run this test through with-sim.sh`);
  }
  return value;
}

// Opens a connection; resolves to it, or rejects with the login error, whose
// `serverErrors` holds the ERROR tokens the server sent.
// Dates are read with useUTC (tedious's default): a datetime without an offset becomes the
// Date whose UTC fields are the stored fields, whatever the machine's time zone.
function connect({ database, user, password } = {}) {
  const config = {
    server: environment('MSSQL_HOST'),
    authentication: {
      type: 'default',
      options: {
        userName: user ?? environment('MSSQL_USER'),
        password: password ?? environment('MSSQL_PASSWORD'),
      },
    },
    options: {
      port: Number(environment('MSSQL_PORT')),
      database,
      encrypt: false,
      trustServerCertificate: true,
      useUTC: true,
      connectTimeout: 15000,
      requestTimeout: 120000,
    },
  };
  return new Promise((resolve, reject) => {
    const connection = new tedious.Connection(config);
    // ERROR tokens of the login response (18456 for a wrong password), kept for the caller.
    const serverErrors = [];
    connection.on('errorMessage', (token) => serverErrors.push(token));
    let settled = false;
    connection.on('connect', (error) => {
      settled = true;
      if (error) {
        error.serverErrors = serverErrors;
        connection.close();
        reject(error);
      } else {
        resolve(connection);
      }
    });
    connection.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    connection.connect();
  });
}

// Runs one batch (SQLBatch, no parameters). Resolves to { rows, columns, rowCount, infos }
// where each row is an array of values and columns are tedious's column metadata; rejects
// with the request's error (a RequestError carrying number, state, class, lineNumber).
function query(connection, sql) {
  return new Promise((resolve, reject) => {
    const rows = [];
    let columns = [];
    const infos = [];
    const request = new tedious.Request(sql, (error, rowCount) => {
      if (error) {
        reject(error);
      } else {
        resolve({ rows, columns, rowCount, infos });
      }
    });
    request.on('columnMetadata', (metadata) => {
      columns = Array.isArray(metadata) ? metadata : Object.values(metadata);
    });
    request.on('row', (row) => {
      rows.push(row.map((column) => column.value));
    });
    const onInfo = (info) => infos.push(info);
    connection.on('infoMessage', onInfo);
    request.on('requestCompleted', () => connection.removeListener('infoMessage', onInfo));
    connection.execSqlBatch(request);
  });
}

function close(connection) {
  return new Promise((resolve) => {
    if (connection.closed) {
      resolve();
      return;
    }
    connection.on('end', resolve);
    connection.close();
  });
}

// Runs `body(connection)` on a fresh connection to `database` and always closes it.
async function withConnection(database, body) {
  const connection = await connect({ database });
  try {
    return await body(connection);
  } finally {
    await close(connection);
  }
}

module.exports = { tedious, connect, query, close, withConnection };
