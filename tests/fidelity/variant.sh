#!/usr/bin/env bash
# sql_variant arrives as text: an int, a string and a date, each as its own text form (the
# date as ISO 8601, never a locale's), and NULL as NULL.
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

finish "sql_variant holding an int, a string and a date arrives as text"
