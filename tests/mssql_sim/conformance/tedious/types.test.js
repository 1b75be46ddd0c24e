// Every type of DESIGN.md §7 read through tedious 19, against the values SQL Server's
// documentation gives for the literals of ../types.sql.
//
// How tedious hands values over: bit → boolean; tinyint, smallint, int → number; bigint →
// string; decimal, numeric, money, smallmoney → number (a double: digits past ~15–17 are
// lost, so exact digits of decimal(38) are checked through tsql, which prints them all; here
// they are checked against the nearest double); real → the float32 value as a number; float
// → number; date and time types → Date (useUTC: UTC fields = stored fields; datetimeoffset →
// the UTC instant) with the 100 ns digits past the millisecond in `nanosecondsDelta`;
// character types → string; binary types → Buffer; uniqueidentifier → upper-case string;
// xml → string; sql_variant → the value of its base type.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { query, withConnection } = require('./lib');

const database = 'conformance';

// The long values of row 2, rebuilt from the recipe in types.sql.
const long = {
  varchar: 'abcdefghij'.repeat(900) + '-é€-END',
  nvarchar: 'Жж😀'.repeat(3000) + '-END',
  text: 'text-' + '0123456789'.repeat(850) + '-END',
  ntext: 'ntext-' + 'Ωω'.repeat(4500) + '-END',
  varbinary: Buffer.from(Array.from({ length: 9000 }, (_, i) => i % 256)),
  image: Buffer.from(Array.from({ length: 9000 }, (_, i) => 255 - (i % 256))),
};

// Reads some columns of every_type in id order (1 low, 2 high, 3 NULL, 4 typical).
async function columnsById(columns) {
  return withConnection(database, async (connection) => {
    const list = columns.map((name) => `[${name}]`).join(', ');
    const result = await query(connection, `SELECT [id], ${list} FROM [dbo].[every_type] ORDER BY [id]`);
    assert.deepEqual(result.rows.map((row) => row[0]), [1, 2, 3, 4]);
    return result.rows.map((row) => row.slice(1));
  });
}

// A Date's text with 100 ns digits: '2020-01-01T23:59:59.9999999Z'.
function timestamp7(date) {
  assert.ok(date instanceof Date, `expected a Date, got ${date}`);
  const delta = Math.round((date.nanosecondsDelta ?? 0) * 1e7);
  assert.ok(delta >= 0 && delta < 10000, `nanosecondsDelta out of range: ${date.nanosecondsDelta}`);
  return date.toISOString().replace(/Z$/, String(delta).padStart(4, '0') + 'Z');
}

// A decimal literal as the closest double, compared to within a relative 1e-15 (tedious
// divides a double magnitude by 10^scale, which may land one or two ulps away).
function assertNearDecimal(actual, literal, message) {
  const expected = Number(literal);
  assert.equal(typeof actual, 'number', message);
  const tolerance = Math.abs(expected) * 1e-15;
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: ${actual} is not ${literal}`);
}

test('integers and bit keep their limits; bigint comes back as exact text', async () => {
  const rows = await columnsById(['c_bit', 'c_tinyint', 'c_smallint', 'c_int', 'c_bigint']);
  assert.deepEqual(rows, [
    [false, 0, -32768, -2147483648, '-9223372036854775808'],
    [true, 255, 32767, 2147483647, '9223372036854775807'],
    [null, null, null, null, null],
    [true, 42, -1234, 0, '1234567890123'],
  ]);
});

test('decimal and numeric of every storage size read their values', async () => {
  const names = ['c_decimal_9_4', 'c_decimal_18_2', 'c_decimal_28_13', 'c_decimal_38_10', 'c_numeric_38_0'];
  const rows = await columnsById(names);
  const expected = [
    ['-99999.9999', '-9999999999999999.99', '-999999999999999.9999999999999',
      '-9999999999999999999999999999.9999999999', '-' + '9'.repeat(38)],
    ['99999.9999', '9999999999999999.99', '999999999999999.9999999999999',
      '9999999999999999999999999999.9999999999', '9'.repeat(38)],
    null,
    ['0.0001', '1234.50', '-67723280.0928298500000', '1234567890123456789012345678.0123456789', '0'],
  ];
  expected.forEach((literals, row) => {
    if (literals === null) {
      assert.deepEqual(rows[row], [null, null, null, null, null]);
      return;
    }
    literals.forEach((literal, column) => {
      assertNearDecimal(rows[row][column], literal, `row ${row + 1} ${names[column]}`);
    });
  });
  // Up to 15 significant digits a double holds the decimal exactly.
  assert.equal(rows[0][0], -99999.9999);
  assert.equal(rows[3][0], 0.0001);
  assert.equal(rows[3][1], 1234.5);
});

test('money and smallmoney reach both ends of their ranges', async () => {
  const rows = await columnsById(['c_money', 'c_smallmoney']);
  assert.deepEqual(rows, [
    [Number('-922337203685477.5808'), -214748.3648],
    [Number('922337203685477.5807'), 214748.3647],
    [null, null],
    [4321234.5678, 765.4321],
  ]);
});

test('real holds float32 values and float holds doubles', async () => {
  const rows = await columnsById(['c_real', 'c_float']);
  assert.deepEqual(rows, [
    [Math.fround(-3.4028234663852886e38), -1.7976931348623157e308],
    [Math.fround(3.4028234663852886e38), 1.7976931348623157e308],
    [null, null],
    [0.5, 0.1],
  ]);
});

test('date covers years 1 to 9999', async () => {
  const rows = await columnsById(['c_date']);
  assert.deepEqual(rows.map(([d]) => (d === null ? null : d.toISOString())), [
    '0001-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z', null, '1923-12-02T00:00:00.000Z',
  ]);
});

test('time keeps 100 ns steps and time(0) rounds to the second', async () => {
  const rows = await columnsById(['c_time', 'c_time_0']);
  assert.deepEqual(rows.map((row) => row.map((d) => (d === null ? null : timestamp7(d)))), [
    ['1970-01-01T00:00:00.0000000Z', '1970-01-01T00:00:00.0000000Z'],
    ['1970-01-01T23:59:59.9999999Z', '1970-01-01T23:59:59.0000000Z'],
    [null, null],
    ['1970-01-01T12:23:45.1234567Z', '1970-01-01T12:23:46.0000000Z'],
  ]);
});

test('datetime and smalldatetime cover their ranges and round as documented', async () => {
  const rows = await columnsById(['c_datetime', 'c_smalldatetime']);
  assert.deepEqual(rows.map((row) => row.map((d) => (d === null ? null : d.toISOString()))), [
    ['1753-01-01T00:00:00.000Z', '1900-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.997Z', '2079-06-06T23:59:00.000Z'],
    [null, null],
    ['2004-02-24T15:16:17.000Z', '2004-02-24T15:16:00.000Z'],
  ]);
});

test('datetime2 keeps 100 ns steps from year 1 to 9999', async () => {
  const rows = await columnsById(['c_datetime2', 'c_datetime2_3']);
  assert.deepEqual(rows.map((row) => row.map((d) => (d === null ? null : timestamp7(d)))), [
    ['0001-01-01T00:00:00.0000000Z', '0001-01-01T00:00:00.0000000Z'],
    ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.9990000Z'],
    [null, null],
    ['2020-01-01T23:59:59.9999999Z', '2011-08-10T12:23:45.1240000Z'],
  ]);
});

test('datetimeoffset reads as the UTC instant of the written time and offset', async () => {
  const rows = await columnsById(['c_datetimeoffset']);
  assert.deepEqual(rows.map(([d]) => (d === null ? null : timestamp7(d))), [
    '0001-01-01T14:00:00.0000000Z', // 00:00 at -14:00
    '9999-12-31T09:59:59.9999999Z', // 23:59:59.9999999 at +14:00
    null,
    '2021-03-01T04:30:00.1234567Z', // 10:00:00.1234567 at +05:30
  ]);
});

test('char and varchar decode from their collation code pages, char padded', async () => {
  const rows = await columnsById(['c_char', 'c_varchar', 'c_varchar_cyrillic', 'c_varchar_greek', 'c_varchar_utf8']);
  assert.deepEqual(rows, [
    ['a         ', '', '', '', ''],
    ['abcdefghij', 'Latin-1 in CP1252: àéîõü ß € „quoted“', 'Съешь же ещё этих мягких булок',
      'Καλημέρα κόσμε', 'Grüße 😀 中文'],
    [null, null, null, null, null],
    ['café      ', "It's quoted", 'Привет', 'Ωμέγα', 'plain'],
  ]);
});

test('nchar and nvarchar carry UTF-16 with surrogate pairs, nchar padded', async () => {
  const rows = await columnsById(['c_nchar', 'c_nvarchar']);
  assert.deepEqual(rows, [
    ['     ', ''],
    ['ñandú', '😀🎉 中文, العربية, עברית, ελληνικά, русский, 𝄞'],
    [null, null],
    ['😀   ', "It's ünïcode"],
  ]);
});

test('text, ntext and the (max) types return 8,000+ character values whole', async () => {
  const rows = await columnsById(['c_text', 'c_ntext', 'c_varchar_max', 'c_nvarchar_max']);
  assert.deepEqual(rows[0], ['', '', '', '']);
  assert.equal(rows[1][0], long.text);
  assert.equal(rows[1][1], long.ntext);
  assert.equal(rows[1][2], long.varchar);
  assert.equal(rows[1][3], long.nvarchar);
  assert.equal(rows[1][3].length, 12004); // UTF-16 code units: 3000 surrogate pairs
  assert.deepEqual(rows[2], [null, null, null, null]);
  assert.deepEqual(rows[3], ['text: café', 'ntext 😀', 'short', 'short ü']);
});

test('binary pads, varbinary, varbinary(max) and image return their bytes', async () => {
  const rows = await columnsById(['c_binary', 'c_varbinary', 'c_varbinary_max', 'c_image']);
  const hex = (row) => row.map((b) => (b === null ? null : Buffer.from(b).toString('hex')));
  assert.deepEqual(hex(rows[0]), ['00000000', '', '', '']);
  assert.deepEqual(hex(rows[1]), ['ffffffff', '00112233445566778899aabbccddeeff',
    long.varbinary.toString('hex'), long.image.toString('hex')]);
  assert.deepEqual(rows[2], [null, null, null, null]);
  assert.deepEqual(hex(rows[3]), ['01020000', 'cafe', 'deadbeef', '89504e470d0a1a0a']);
});

test('uniqueidentifier reads back as written (mixed-endian wire order)', async () => {
  const rows = await columnsById(['c_uniqueidentifier']);
  assert.deepEqual(rows.map(([g]) => g), [
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    null,
    '0DDF3B64-E692-11D1-AB06-00AA00BDD685',
  ]);
});

test('xml returns its document text', async () => {
  const rows = await columnsById(['c_xml']);
  assert.deepEqual(rows.map(([x]) => x), [
    '<a>1</a>',
    '<root><item id="1">café 😀</item><item id="2">x</item></root>',
    null,
    '<doc>text</doc>',
  ]);
});

test('NOT NULL columns of fixed-length types read their limits', async () => {
  const rows = await withConnection(database, async (connection) => {
    const result = await query(connection, 'SELECT * FROM [dbo].[fixed_types] ORDER BY [id]');
    assert.deepEqual(result.columns.map((c) => c.colName), ['id', 'f_bit', 'f_tinyint', 'f_smallint',
      'f_int', 'f_bigint', 'f_real', 'f_float', 'f_money', 'f_smallmoney', 'f_datetime', 'f_smalldatetime']);
    // SQL Server sends NOT NULL columns of these types as fixed-length types, never nullable.
    assert.deepEqual(result.columns.map((c) => c.type.name), ['Int', 'Bit', 'TinyInt', 'SmallInt',
      'Int', 'BigInt', 'Real', 'Float', 'Money', 'SmallMoney', 'DateTime', 'SmallDateTime']);
    return result.rows.map((row) => row.map((v) => (v instanceof Date ? v.toISOString() : v)));
  });
  assert.deepEqual(rows, [
    [1, false, 0, -32768, -2147483648, '-9223372036854775808', -1.5, -2.25,
      Number('-922337203685477.5808'), -214748.3648, '1753-01-01T00:00:00.000Z', '1900-01-01T00:00:00.000Z'],
    [2, true, 255, 32767, 2147483647, '9223372036854775807', 1.5, 2.25,
      Number('922337203685477.5807'), 214748.3647, '9999-12-31T23:59:59.997Z', '2079-06-06T23:59:00.000Z'],
  ]);
});

test('nullable columns are sent as nullable types', async () => {
  await withConnection(database, async (connection) => {
    const result = await query(connection,
      'SELECT [c_int], [c_bigint], [c_money], [c_float], [c_datetime], [c_bit] FROM [dbo].[every_type] WHERE [id] = 3');
    assert.deepEqual(result.columns.map((c) => c.type.name), ['IntN', 'IntN', 'MoneyN', 'FloatN', 'DateTimeN', 'BitN']);
    assert.deepEqual(result.rows, [[null, null, null, null, null, null]]);
  });
});

test('datetime rounds to 1/300 s ticks as the datetime documentation tabulates', async () => {
  const rows = await withConnection(database, async (connection) =>
    (await query(connection, 'SELECT [written], [value] FROM [dbo].[datetime_steps] ORDER BY [id]')).rows);
  assert.deepEqual(rows.map(([written, value]) => [written, value.toISOString()]), [
    ['1998-01-01 23:59:59.999', '1998-01-02T00:00:00.000Z'],
    ['1998-01-01 23:59:59.998', '1998-01-01T23:59:59.997Z'],
    ['1998-01-01 23:59:59.997', '1998-01-01T23:59:59.997Z'],
    ['1998-01-01 23:59:59.996', '1998-01-01T23:59:59.997Z'],
    ['1998-01-01 23:59:59.995', '1998-01-01T23:59:59.997Z'],
    ['1998-01-01 23:59:59.994', '1998-01-01T23:59:59.993Z'],
    ['1998-01-01 23:59:59.993', '1998-01-01T23:59:59.993Z'],
    ['1998-01-01 23:59:59.992', '1998-01-01T23:59:59.993Z'],
    ['1998-01-01 23:59:59.991', '1998-01-01T23:59:59.990Z'],
    ['1998-01-01 23:59:59.990', '1998-01-01T23:59:59.990Z'],
    ['2009/1/1', '2009-01-01T00:00:00.000Z'],
    ['2009-01-01T00:00:00', '2009-01-01T00:00:00.000Z'],
  ]);
});

test('smalldatetime rounds to the minute at 29.999 seconds', async () => {
  const rows = await withConnection(database, async (connection) =>
    (await query(connection, 'SELECT [written], [value] FROM [dbo].[smalldatetime_steps] ORDER BY [id]')).rows);
  assert.deepEqual(rows.map(([written, value]) => [written, value === null ? null : value.toISOString()]), [
    ['2000-05-08 12:35:29.998', '2000-05-08T12:35:00.000Z'],
    ['2000-05-08 12:35:29.999', '2000-05-08T12:36:00.000Z'],
    ['2000-05-08 12:59:59.999', '2000-05-08T13:00:00.000Z'],
    ['NULL', null],
  ]);
});

test('sql_variant returns each value in its base type', async () => {
  const rows = await withConnection(database, async (connection) =>
    (await query(connection, 'SELECT [id], [value] FROM [dbo].[variant_values] ORDER BY [id]')).rows);
  assert.deepEqual(rows.map(([id, v]) => [id, v instanceof Date ? v.toISOString() : v]), [
    [1, 42],
    [2, 'variant text ü'],
    [3, '2020-02-29T00:00:00.000Z'],
    [4, 12.5],
    [5, '1234567890123'],
    [6, null],
  ]);
});

test('SET TEXTSIZE cuts the (max) and text types to that many bytes (5 UTF-16 units for 10)', async () => {
  await withConnection(database, async (connection) => {
    await query(connection, 'SET TEXTSIZE 10');
    const { rows } = await query(connection,
      'SELECT [c_varchar_max], [c_nvarchar_max], [c_varbinary_max], [c_text] FROM [dbo].[every_type] WHERE [id] = 2');
    assert.deepEqual(rows[0].slice(0, 2), ['abcdefghij', 'Жж😀Ж']);
    assert.equal(Buffer.from(rows[0][2]).toString('hex'), '00010203040506070809');
    assert.equal(rows[0][3], 'text-01234');
  });
});
