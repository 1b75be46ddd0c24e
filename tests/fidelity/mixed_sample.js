// An independent read of sample rows of a source table through tedious (not etl's reader),
// written as PostgreSQL COPY text, each value as the destination type should hold it.
//
//   node mixed_sample.js DATABASE TABLE WHERE COPY_FILE COLUMNS_FILE
//
// tedious reads decimal, numeric, money and smallmoney as JavaScript numbers, which lose
// digits past 2^53; those columns are converted to text by the server instead (CONVERT style 2
// keeps money's 4 decimals). sql_variant is converted to nvarchar by the server, so its text
// comes from the source, not from either client.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { query, withConnection } = require('../mssql_sim/conformance/tedious/lib');
const { fieldText } = require('../e2e/mssql.js');

const bracket = (name) => `[${name.replace(/]/g, ']]')}]`;
const quoteIdentifier = (name) => `"${name.replace(/"/g, '""')}"`;

function selectExpression(name, dataType) {
  switch (dataType) {
    case 'decimal':
    case 'numeric':
      return `CONVERT(varchar(50), ${bracket(name)})`;
    case 'money':
    case 'smallmoney':
      return `CONVERT(varchar(30), ${bracket(name)}, 2)`;
    case 'sql_variant':
      return `CAST(${bracket(name)} AS nvarchar(4000))`;
    default:
      return bracket(name);
  }
}

async function main() {
  const [database, table, where, copyFile, columnsFile] = process.argv.slice(2);
  if (!columnsFile) {
    console.error(`usage: ${path.basename(process.argv[1])} DATABASE TABLE WHERE COPY_FILE COLUMNS_FILE`);
    process.exit(2);
  }
  const [schemaName, tableName] = table.split('.');
  const sample = await withConnection(database, async (connection) => {
    const catalog = await query(connection,
      'SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS ' +
      `WHERE TABLE_SCHEMA = '${schemaName}' AND TABLE_NAME = '${tableName}' ORDER BY ORDINAL_POSITION`);
    if (catalog.rows.length === 0) throw new Error(`no columns found for ${table}`);
    const names = catalog.rows.map(([name]) => name);
    const list = catalog.rows.map(([name, dataType]) => selectExpression(name, dataType));
    const result = await query(connection,
      `SELECT ${list.join(', ')} FROM ${table} WHERE ${where} ORDER BY ${bracket(names[0])}`);
    return { names, ...result };
  });
  const lines = sample.rows.map((row) =>
    `${row.map((value, i) => fieldText(value, sample.columns[i])).join('\t')}\n`);
  fs.writeFileSync(copyFile, lines.join(''));
  fs.writeFileSync(columnsFile, sample.names.map(quoteIdentifier).join(', '));
  console.log(`mixed_sample.js: ${sample.rows.length} rows of ${table} written to ${copyFile}`);
}

main().catch((error) => {
  console.error(`mixed_sample.js: ${error.message}`);
  process.exit(1);
});
