// The SQL Server reader's resume token (Batch::resume_token): the last key of a page, written
// as printable ASCII so that the destination's ledger can keep it in a text column and a
// later process, on a new connection, can start the next page right after it.
//
// Layout, fields separated by ';' (each text field percent-escaped, values in hex):
//
//   mssql-keyset/1;table=<schema>,<name>;col=<name>,<declared type>,<param type>,<precision>,
//   <scale>,<value bytes as hex>;col=…;text=<the key as text, for messages>
//
// One `col` per key column, in key order. The value is the typed parameter the page query
// sends (mssql_reader.h key_params): its ct-lib type and its bytes in ct-lib's layout.
#pragma once

#include <ctpublic.h>

#include <string>
#include <vector>

#include "etl/schema.h"
#include "mssql/ct_query.h"

namespace etl::mssql {

//! The ct-lib type a key column of this type is sent as in the page query's WHERE clause.
CS_INT key_param_datatype(SourceType type);

//! Writes the token naming the key `params` (one per key column of `table`, as key_params
//! gives them) and `key_text`, the same key as text.
std::string encode_resume_token(const SourceTable& table, const std::vector<CtParam>& params,
                                const std::string& key_text);

//! A decoded token: the parameters to send for the key (unnamed: the page query names
//! them), and the key as text.
struct ResumePoint {
  std::vector<CtParam> params;
  std::string key_text;
};

//! Reads a token back and checks that it is of `table` and its key: same table, same key
//! columns in the same order, same declared types, and values of the layout their types
//! have. Throws ConfigError saying so when it is of another table or key, or not a token of
//! this driver at all.
ResumePoint decode_resume_token(const SourceTable& table, const std::string& token);

}  // namespace etl::mssql
