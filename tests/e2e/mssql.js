// The end-to-end tests' independent view of the source: tedious, not etl's reader, talking to
// the simulator that with-sim.sh started (MSSQL_HOST, MSSQL_PORT, MSSQL_USER, MSSQL_PASSWORD).
//
//   node mssql.js exec DATABASE SQL              runs one batch, prints the rows affected
//   node mssql.js query DATABASE SQL             prints each row's values, tab-separated
//   node mssql.js dump DATABASE TABLE COPY_FILE COLUMNS_FILE [--set COLUMN=VALUE]...
//
// `dump` writes every row of TABLE in PostgreSQL's COPY text format, each value as the
// destination type of docs/type-mapping.md should hold it, and the quoted column list for
// COPY (the source's columns in order, then any --set column the source lacks). A --set
// column takes the constant in every row, as the pipeline's transform.set does.
'use strict';

const fs = require('node:fs');
const { query, withConnection } = require('../mssql_sim/conformance/tedious/lib');

const pad = (number, width) => String(number).padStart(width, '0');

function copyText(text) {
  return text.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]);
}

function isoDate(date) {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function isoTime(date) {
  return `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
}

const floorDiv = (a, b) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

// datetime2/time/datetimeoffset: tedious gives a Date (whole milliseconds) and
// nanosecondsDelta (the rest, in seconds, a multiple of 100 ns). PostgreSQL keeps
// microseconds: the 7th digit is truncated, the floor within the day, so the value keeps its
// day and second (docs/type-mapping.md). nanosecondsDelta is a float: Math.round only recovers
// the whole 100 ns tick it stands for.
function microsecondText(date, withDay) {
  const ticks = BigInt(date.getTime()) * 10000n + BigInt(Math.round((date.nanosecondsDelta ?? 0) * 1e7));
  const micros = floorDiv(ticks, 10n);
  const seconds = floorDiv(micros, 1000000n);
  const whole = new Date(Number(seconds) * 1000);
  const fraction = pad(micros - seconds * 1000000n, 6);
  if (!withDay) return `${isoTime(whole)}.${fraction}`;
  return `${isoDate(whole)} ${isoTime(whole)}.${fraction}`;
}

function fieldText(value, column) {
  if (value === null || value === undefined) return '\\N';
  const type = column.type.name;
  switch (type) {
    case 'Bit':
    case 'BitN':
      return value ? 't' : 'f';
    case 'Money':
    case 'SmallMoney':
    case 'MoneyN':
      return value.toFixed(4);
    case 'DecimalN':
    case 'NumericN':
      return value.toFixed(column.scale);
    case 'Date':
      return isoDate(value);
    case 'DateTime':
    case 'DateTimeN':
    case 'SmallDateTime':
      return `${isoDate(value)} ${isoTime(value)}.${pad(value.getUTCMilliseconds(), 3)}`;
    case 'DateTime2':
      return microsecondText(value, true);
    case 'DateTimeOffset':
      return `${microsecondText(value, true)}+00`;
    case 'Time':
      return microsecondText(value, false);
    case 'UniqueIdentifier':
      return value.toLowerCase();
    case 'VarBinary':
    case 'Binary':
    case 'Image':
      return `\\\\x${value.toString('hex')}`;
    default:
      if (typeof value === 'string') return copyText(value);
      return String(value);
  }
}

const quoteIdentifier = (name) => `"${name.replace(/"/g, '""')}"`;

async function dump(database, table, copyFile, columnsFile, settings) {
  const constants = new Map(settings.map((setting) => {
    const at = setting.indexOf('=');
    if (at < 1) throw new Error(`--set wants COLUMN=VALUE, not ${setting}`);
    return [setting.slice(0, at), setting.slice(at + 1)];
  }));
  const { rows, columns } = await withConnection(database, (connection) =>
    query(connection, `SELECT * FROM ${table}`));
  const names = columns.map((column) => column.colName);
  const added = [...constants.keys()].filter((name) => !names.includes(name));
  const lines = rows.map((row) => {
    const fields = row.map((value, i) =>
      (constants.has(names[i]) ? copyText(constants.get(names[i])) : fieldText(value, columns[i])));
    for (const name of added) fields.push(copyText(constants.get(name)));
    return `${fields.join('\t')}\n`;
  });
  fs.writeFileSync(copyFile, lines.join(''));
  fs.writeFileSync(columnsFile, [...names, ...added].map(quoteIdentifier).join(', '));
  console.log(`mssql.js: ${rows.length} rows of ${table} written to ${copyFile}`);
}

async function main() {
  const [command, database, ...rest] = process.argv.slice(2);
  if (command === 'exec' && rest.length === 1) {
    const { rowCount } = await withConnection(database, (connection) => query(connection, rest[0]));
    console.log(`mssql.js: ${rowCount} rows affected`);
  } else if (command === 'query' && rest.length === 1) {
    const { rows } = await withConnection(database, (connection) => query(connection, rest[0]));
    for (const row of rows) console.log(row.map((value) => String(value)).join('\t'));
  } else if (command === 'dump' && rest.length >= 3) {
    const [table, copyFile, columnsFile, ...options] = rest;
    const settings = [];
    for (let i = 0; i < options.length; i += 2) {
      if (options[i] !== '--set' || i + 1 >= options.length) throw new Error(`unknown option ${options[i]}`);
      settings.push(options[i + 1]);
    }
    await dump(database, table, copyFile, columnsFile, settings);
  } else {
    console.error('usage: mssql.js exec|query DATABASE SQL, or dump DATABASE TABLE COPY_FILE COLUMNS_FILE [--set C=V]...');
    process.exit(2);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`mssql.js: ${error.message}`);
    process.exit(1);
  });
}

module.exports = { fieldText, microsecondText };
