#!/usr/bin/env bash
# sql_variant arrives as text: each base type as its own exact text form — dates and times
# ISO 8601 (never a locale's), money with its four decimals, floats with every digit, binary
# as 0x hex — and NULL as NULL.
source "$(dirname "$0")/lib.sh"

fidelity_pipeline variant.json fidelity_variant dbo.variants public.variants reject
run_etl variant run variant.json --progress none
expect_status variant 0

t=public.variants
expect_value "sql_variant becomes text" "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = '$t'::regclass AND attname = 'sv'" "text"
expect_value "int" "SELECT sv FROM $t WHERE id = 1" "42"
expect_value "string" "SELECT sv FROM $t WHERE id = 2" "texto"
expect_value "date" "SELECT sv FROM $t WHERE id = 3" "2024-05-31"
expect_value "NULL" "SELECT sv IS NULL FROM $t WHERE id = 4" "t"
expect_value "datetime (style 121)" "SELECT sv FROM $t WHERE id = 5" "2024-05-31 13:45:10.997"
expect_value "smalldatetime (style 120)" "SELECT sv FROM $t WHERE id = 6" "2024-05-31 13:45:00"
expect_value "datetime2(7), all 7 digits" "SELECT sv FROM $t WHERE id = 7" \
  "2020-01-01 23:59:59.9999999"
expect_value "datetime2(3), its own 3 digits" "SELECT sv FROM $t WHERE id = 8" \
  "2024-05-31 10:00:00.123"
expect_value "time(7)" "SELECT sv FROM $t WHERE id = 9" "12:34:56.1234567"
expect_value "datetimeoffset(7) with its offset" "SELECT sv FROM $t WHERE id = 10" \
  "2021-03-01 10:00:00.1234567 +05:30"
expect_value "money, four decimals (style 2)" "SELECT sv FROM $t WHERE id = 11" "7082761.6900"
expect_value "smallmoney" "SELECT sv FROM $t WHERE id = 12" "0.6116"
expect_value "decimal(28,13) at its scale" "SELECT sv FROM $t WHERE id = 13" \
  "-67723280.0928298500000"
# Style 3 writes 17 significant digits: the text reads back as the very same double.
expect_value "float 0.1, lossless" "SELECT sv::float8 = 0.1::float8 FROM $t WHERE id = 14" "t"
expect_value "float minimum, lossless" \
  "SELECT sv::float8 = '-1.7976931348623157e308'::float8 FROM $t WHERE id = 15" "t"
expect_value "binary as 0x hex (style 1)" "SELECT sv FROM $t WHERE id = 16" "0x00FF10"
expect_value "uniqueidentifier" "SELECT sv FROM $t WHERE id = 17" \
  "6F9619FF-8B86-D011-B42D-00C04FC964FF"
expect_value "bit" "SELECT sv FROM $t WHERE id = 18" "1"
expect_value "nvarchar with an emoji" "SELECT sv FROM $t WHERE id = 19" "emoji 😀 ação"
expect_value "varchar(8000) of 5000 characters, whole" \
  "SELECT length(sv) || ':' || (sv = repeat('x', 5000)) FROM $t WHERE id = 20" "5000:true"
expect_value "bigint maximum" "SELECT sv FROM $t WHERE id = 21" "9223372036854775807"
expect_value "real, lossless" "SELECT sv::float4 = 1.5::float4 FROM $t WHERE id = 22" "t"

finish "sql_variant of every base type arrives as its exact text"
