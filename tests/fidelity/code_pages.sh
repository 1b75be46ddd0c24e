#!/usr/bin/env bash
# char, varchar and text columns in collations of other code pages (1251, 1253, 1250, 932,
# 936) and a UTF-8 collation arrive in PostgreSQL as the same characters, in UTF-8: each value
# is compared with the literal text written in code_pages_source.sql.
source "$(dirname "$0")/lib.sh"

fidelity_pipeline code_pages.json fidelity_code_pages dbo.code_pages public.code_pages reject
run_etl code_pages run code_pages.json --progress none
expect_status code_pages 0

t=public.code_pages
expect_value "destination types" "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '
  ORDER BY attnum) FROM pg_attribute WHERE attrelid = '$t'::regclass AND attnum > 0" \
  "id integer, cyrillic character varying(30), greek character varying(30), polish character varying(30), japanese character varying(30), chinese character varying(30), utf8 character varying(60), cyrillic_char character(6), greek_text text, latin character varying(30)"

note "code page 1251 (Cyrillic_General_CI_AS)"
expect_value "varchar" "SELECT cyrillic FROM $t WHERE id = 1" "Съешь же ещё этих булок"
expect_value "Ё and ё" "SELECT cyrillic FROM $t WHERE id = 2" "ЁЖЯ ёжя"
expect_value "char(6) padded" "SELECT cyrillic_char || '|' || octet_length(cyrillic_char) FROM $t WHERE id = 1" "Да|8"
note "code page 1253 (Greek_CI_AS)"
expect_value "varchar" "SELECT greek FROM $t WHERE id = 1" "Καλημέρα κόσμε"
expect_value "accented capitals" "SELECT greek FROM $t WHERE id = 2" "ΆΈΉΊΌΎΏ ΐΰ"
expect_value "text" "SELECT greek_text FROM $t WHERE id = 1" "Ελληνικό κείμενο"
note "code page 1250 (Polish_CI_AS)"
expect_value "varchar" "SELECT polish FROM $t WHERE id = 1" "Zażółć gęślą jaźń"
expect_value "capitals" "SELECT polish FROM $t WHERE id = 2" "ĄĆĘŁŃÓŚŹŻ"
note "code page 932 (Japanese_CI_AS)"
expect_value "double-byte" "SELECT japanese FROM $t WHERE id = 1" "日本語のテキスト"
expect_value "half-width katakana" "SELECT japanese FROM $t WHERE id = 2" "ｶﾀｶﾅ ｶﾞ"
note "code page 936 (Chinese_PRC_CI_AS)"
expect_value "varchar" "SELECT chinese FROM $t WHERE id = 1" "中文测试文本"
expect_value "varchar" "SELECT chinese FROM $t WHERE id = 2" "简体字"
note "UTF-8 (Latin1_General_100_CI_AS_SC_UTF8)"
expect_value "mixed scripts and an emoji" "SELECT utf8 FROM $t WHERE id = 1" "ação Ωμέγα Съешь 日本 😀"
expect_value "euro" "SELECT utf8 FROM $t WHERE id = 2" "€ ñ 中"
note "code page 1252 (the default collation)"
expect_value "varchar" "SELECT latin FROM $t WHERE id = 1" "ação café"
expect_value "euro" "SELECT latin FROM $t WHERE id = 2" "€"

note "empty stays empty, NULL stays NULL"
expect_value "''" "SELECT concat_ws(',', cyrillic = '', greek = '', polish = '', japanese = '',
  chinese = '', utf8 = '', greek_text = '', latin = '') FROM $t WHERE id = 3" "t,t,t,t,t,t,t,t"
expect_value "NULL" "SELECT num_nulls(cyrillic, greek, polish, japanese, chinese, utf8,
  cyrillic_char, greek_text, latin) FROM $t WHERE id = 4" "9"
expect_value "no value is the replacement character or '?'" "SELECT count(*) FROM $t AS r
  WHERE r::text LIKE '%?%' OR r::text LIKE '%' || U&'\\FFFD' || '%'" "0"

finish "char, varchar and text in other code pages and UTF-8 arrive as the same characters"
