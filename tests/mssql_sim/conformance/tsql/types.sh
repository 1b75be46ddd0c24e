#!/usr/bin/env bash
# Every type of DESIGN.md §7 read through FreeTDS tsql, against the values SQL Server's
# documentation gives for the literals of ../types.sql. How tsql renders each type is
# described in lib.sh; the values are SQL Server's (limits, rounding, code pages).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

db=conformance
# row VALUE...: one expected row, tab-separated as tsql prints it.
row() {
  local IFS=$'\t'
  printf '%s\n' "$*"
}
by_id() {
  echo "SELECT $1 FROM [dbo].[every_type] ORDER BY [id]"
}

check "integers and bit keep their limits" $db "$(by_id '[c_bit], [c_tinyint], [c_smallint], [c_int], [c_bigint]')" < <(
  row 0 0 -32768 -2147483648 -9223372036854775808
  row 1 255 32767 2147483647 9223372036854775807
  row NULL NULL NULL NULL NULL
  row 1 42 -1234 0 1234567890123
)

check "decimal and numeric keep every digit, up to decimal(38)" $db \
  "$(by_id '[c_decimal_9_4], [c_decimal_18_2], [c_decimal_28_13], [c_decimal_38_10], [c_numeric_38_0]')" < <(
  row -99999.9999 -9999999999999999.99 -999999999999999.9999999999999 \
    -9999999999999999999999999999.9999999999 -99999999999999999999999999999999999999
  row 99999.9999 9999999999999999.99 999999999999999.9999999999999 \
    9999999999999999999999999999.9999999999 99999999999999999999999999999999999999
  row NULL NULL NULL NULL NULL
  row 0.0001 1234.50 -67723280.0928298500000 1234567890123456789012345678.0123456789 0
)

check "money and smallmoney reach both ends of their ranges" $db "$(by_id '[c_money], [c_smallmoney]')" < <(
  row -922337203685477.5808 -214748.3648
  row 922337203685477.5807 214748.3647
  row NULL NULL
  row 4321234.5678 765.4321
)

# real: float32 (FLT_MAX = 3.40282347e+38 at 9 digits); float: doubles at 17 digits.
check "real holds float32 values and float holds doubles" $db "$(by_id '[c_real], [c_float]')" < <(
  row -3.40282347e+38 -1.7976931348623157e+308
  row 3.40282347e+38 1.7976931348623157e+308
  row NULL NULL
  row 0.5 0.10000000000000001
)

# A date alone prints with a zero time; a time alone prints on 1900-01-01.
check "date covers years 1 to 9999; time keeps 100 ns steps; time(0) rounds" $db \
  "$(by_id '[c_date], [c_time], [c_time_0]')" < <(
  row "0001-01-01 00:00:00" "1900-01-01 00:00:00.0000000" "1900-01-01 00:00:00"
  row "9999-12-31 00:00:00" "1900-01-01 23:59:59.9999999" "1900-01-01 23:59:59"
  row NULL NULL NULL
  row "1923-12-02 00:00:00" "1900-01-01 12:23:45.1234567" "1900-01-01 12:23:46"
)

check "datetime and smalldatetime cover their ranges and round as documented" $db \
  "$(by_id '[c_datetime], [c_smalldatetime]')" < <(
  row "1753-01-01 00:00:00.000" "1900-01-01 00:00:00.000"
  row "9999-12-31 23:59:59.997" "2079-06-06 23:59:00.000"
  row NULL NULL
  row "2004-02-24 15:16:17.000" "2004-02-24 15:16:00.000"
)

# tsql shows a datetimeoffset as its local time (the written one), without the offset;
# tedious checks the UTC instant, so the two together pin down time and offset.
check "datetime2 and datetimeoffset keep 100 ns steps from year 1 to 9999" $db \
  "$(by_id '[c_datetime2], [c_datetime2_3], [c_datetimeoffset]')" < <(
  row "0001-01-01 00:00:00.0000000" "0001-01-01 00:00:00.000" "0001-01-01 00:00:00.0000000"
  row "9999-12-31 23:59:59.9999999" "9999-12-31 23:59:59.999" "9999-12-31 23:59:59.9999999"
  row NULL NULL NULL
  row "2020-01-01 23:59:59.9999999" "2011-08-10 12:23:45.124" "2021-03-01 10:00:00.1234567"
)

check "char pads and varchar keeps CP1252 text" $db "$(by_id '[c_char], [c_varchar]')" < <(
  row "a         " ""
  row abcdefghij "Latin-1 in CP1252: àéîõü ß € „quoted“"
  row NULL NULL
  row "café      " "It's quoted"
)

check "varchar decodes from Cyrillic, Greek and UTF-8 collations" $db \
  "$(by_id '[c_varchar_cyrillic], [c_varchar_greek], [c_varchar_utf8]')" < <(
  row "" "" ""
  row "Съешь же ещё этих мягких булок" "Καλημέρα κόσμε" "Grüße 😀 中文"
  row NULL NULL NULL
  row Привет Ωμέγα plain
)

check "nchar and nvarchar carry surrogate pairs; nchar pads in UTF-16 units" $db \
  "$(by_id '[c_nchar], [c_nvarchar]')" < <(
  row "     " ""
  row ñandú "😀🎉 中文, العربية, עברית, ελληνικά, русский, 𝄞"
  row NULL NULL
  row "😀   " "It's ünïcode"
)

# The long values of row 2, rebuilt from the recipe in types.sql.
repeat() {
  local text=$1 count=$2 out=""
  for ((i = 0; i < count; i++)); do out+=$text; done
  printf '%s' "$out"
}
bytes_hex() { # bytes_hex FIRST STEP COUNT: hex of (FIRST + STEP*i) mod 256 for i < COUNT
  local first=$1 step=$2 count=$3 values=()
  for ((i = 0; i < count; i++)); do values+=($(((first + step * i) & 255))); done
  printf '%02x' "${values[@]}"
}
long_varchar="$(repeat abcdefghij 900)-é€-END"
long_nvarchar="$(repeat 'Жж😀' 3000)-END"
long_text="text-$(repeat 0123456789 850)-END"
long_ntext="ntext-$(repeat 'Ωω' 4500)-END"

check "text, ntext and the (max) types return 8,000+ character values whole" $db \
  "$(by_id '[c_text], [c_ntext], [c_varchar_max], [c_nvarchar_max]')" < <(
  row "" "" "" ""
  row "$long_text" "$long_ntext" "$long_varchar" "$long_nvarchar"
  row NULL NULL NULL NULL
  row "text: café" "ntext 😀" short "short ü"
)

check "binary pads; varbinary, varbinary(max) and image return their bytes" $db \
  "$(by_id '[c_binary], [c_varbinary], [c_varbinary_max], [c_image]')" < <(
  row 00000000 "" "" ""
  row ffffffff 00112233445566778899aabbccddeeff "$(bytes_hex 0 1 9000)" "$(bytes_hex 255 -1 9000)"
  row NULL NULL NULL NULL
  row 01020000 cafe deadbeef 89504e470d0a1a0a
)

check "uniqueidentifier reads back as written (mixed-endian wire order)" $db \
  "$(by_id '[c_uniqueidentifier]')" < <(
  row 6F9619FF-8B86-D011-B42D-00C04FC964FF
  row FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF
  row NULL
  row 0DDF3B64-E692-11D1-AB06-00AA00BDD685
)

check "xml returns its document text" $db "$(by_id '[c_xml]')" < <(
  row "<a>1</a>"
  row '<root><item id="1">café 😀</item><item id="2">x</item></root>'
  row NULL
  row "<doc>text</doc>"
)

check "NOT NULL columns of fixed-length types read their limits" $db \
  "SELECT * FROM [dbo].[fixed_types] ORDER BY [id]" < <(
  row 1 0 0 -32768 -2147483648 -9223372036854775808 -1.5 -2.25 -922337203685477.5808 \
    -214748.3648 "1753-01-01 00:00:00.000" "1900-01-01 00:00:00.000"
  row 2 1 255 32767 2147483647 9223372036854775807 1.5 2.25 922337203685477.5807 \
    214748.3647 "9999-12-31 23:59:59.997" "2079-06-06 23:59:00.000"
)

check "datetime rounds to 1/300 s ticks as the datetime documentation tabulates" $db \
  "SELECT [written], [value] FROM [dbo].[datetime_steps] ORDER BY [id]" < <(
  row "1998-01-01 23:59:59.999" "1998-01-02 00:00:00.000"
  row "1998-01-01 23:59:59.998" "1998-01-01 23:59:59.997"
  row "1998-01-01 23:59:59.997" "1998-01-01 23:59:59.997"
  row "1998-01-01 23:59:59.996" "1998-01-01 23:59:59.997"
  row "1998-01-01 23:59:59.995" "1998-01-01 23:59:59.997"
  row "1998-01-01 23:59:59.994" "1998-01-01 23:59:59.993"
  row "1998-01-01 23:59:59.993" "1998-01-01 23:59:59.993"
  row "1998-01-01 23:59:59.992" "1998-01-01 23:59:59.993"
  row "1998-01-01 23:59:59.991" "1998-01-01 23:59:59.990"
  row "1998-01-01 23:59:59.990" "1998-01-01 23:59:59.990"
  row "2009/1/1" "2009-01-01 00:00:00.000"
  row "2009-01-01T00:00:00" "2009-01-01 00:00:00.000"
)

check "smalldatetime rounds to the minute at 29.999 seconds" $db \
  "SELECT [written], [value] FROM [dbo].[smalldatetime_steps] ORDER BY [id]" < <(
  row "2000-05-08 12:35:29.998" "2000-05-08 12:35:00.000"
  row "2000-05-08 12:35:29.999" "2000-05-08 12:36:00.000"
  row "2000-05-08 12:59:59.999" "2000-05-08 13:00:00.000"
  row NULL NULL
)

# The bigint (row 5) is read on its own: FreeTDS 1.3.17's tsql misprints a bigint
# sql_variant that follows a decimal one in the same result set (it printed
# 44970831015021523), although the wire bytes are right (TDSDUMP shows 7F 00 CB 04 FB 71 1F 01
# 00 00) and tedious reads 1234567890123 from the same rows.
check "sql_variant returns each value in its base type" $db \
  "SELECT [id], [value] FROM [dbo].[variant_values] WHERE [id] <> 5 ORDER BY [id]" < <(
  row 1 42
  row 2 "variant text ü"
  row 3 "2020-02-29 00:00:00"
  row 4 12.50
  row 6 NULL
)
check "sql_variant returns a bigint in its base type" $db \
  "SELECT [id], [value] FROM [dbo].[variant_values] WHERE [id] = 5" < <(
  row 5 1234567890123
)

check "SET TEXTSIZE cuts the (max) and text types to that many bytes" $db \
  "SET TEXTSIZE 10
SELECT [c_varchar_max], [c_nvarchar_max], [c_varbinary_max], [c_text] FROM [dbo].[every_type] WHERE [id] = 2" < <(
  row abcdefghij "Жж😀Ж" 00010203040506070809 text-01234
)

finish
