#!/usr/bin/env bash
# The embedding example (examples/embed) runs against the simulator and PostgreSQL and exits
# 0, and every CPF in its destination is masked as the example says: the first three and the
# last two digits kept, the six between them '*' — checked row by row against the source
# read through tedious.
#
#   embed_example.sh EMBED_EXAMPLE_BINARY
source "$(dirname "$0")/lib.sh"

embed=${1:?usage: embed_example.sh EMBED_EXAMPLE_BINARY}

status=0
"$embed" >"$work/embed.out" 2>"$work/embed.err" || status=$?
note "embed_example → exit $status"
if ((status != 0)); then
  tail -n 30 "$work/embed.err" >&2
  fail "embed_example exited with $status"
fi

mssql query cobranca "SELECT id, CPF FROM dbo.bi_credores" >"$work/source.tsv"
pg "CREATE TABLE source_cpf (id bigint PRIMARY KEY, cpf text NOT NULL)"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_URL" -c "\\copy source_cpf FROM '$work/source.tsv'"
summary=$(pg "SELECT (SELECT count(*) FROM source_cpf) || ' ' ||
  (SELECT count(*) FROM public.bi_credores_masked) || ' ' ||
  (SELECT count(*) FROM source_cpf s FULL JOIN public.bi_credores_masked d USING (id)
   WHERE d.\"CPF\" IS DISTINCT FROM left(s.cpf, 3) || '******' || right(s.cpf, 2)) || ' ' ||
  (SELECT count(*) FROM public.bi_credores_masked WHERE \"CPF\" !~ '^[0-9]{3}[*]{6}[0-9]{2}\$')")
read -r source_rows masked_rows wrong malformed <<<"$summary"
note "source $source_rows rows, destination $masked_rows, wrongly masked $wrong, malformed $malformed"
pg "SELECT \"CPF\" FROM public.bi_credores_masked ORDER BY id LIMIT 2"
((source_rows > 0 && source_rows == masked_rows)) || fail "the destination holds $masked_rows rows, the source $source_rows"
((wrong == 0 && malformed == 0)) || fail "$wrong CPFs are not the source's masked ($malformed not of the form 123******09)"
echo "PASS: the embedding example runs and masks every CPF"
