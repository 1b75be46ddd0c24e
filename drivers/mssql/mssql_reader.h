// The SQL Server SourceReader: keyset pagination over one ct-lib connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "etl/source.h"
#include "mssql/ct_context.h"
#include "mssql/ct_query.h"
#include "mssql/mssql_values.h"

namespace etl::mssql {

//! The SQL of one page: `SELECT TOP (@n) … FROM … [WHERE key > @k…] ORDER BY key`. The
//! first page has no WHERE; later pages compare the key as a tuple, spelled out as
//! `a > @k1 OR (a = @k1 AND b > @k2) …` since T-SQL has no row-value comparison. Date and
//! time keys are passed as ISO text and cast to the column's own type.
std::string page_sql(const SourceTable& table, const SelectPlan& plan, bool first_page);

//! The parameters naming the last key of a page, typed as the columns are, from row `row`
//! of a decoded batch. Throws DatabaseError when a key value is NULL.
std::vector<CtParam> key_params(const SourceTable& table, const Batch& batch, std::size_t row);

class MssqlReader final : public SourceReader {
 public:
  explicit MssqlReader(const SourceSettings& settings);

  SourceTable describe(const std::string& table, const std::vector<std::string>& key) override;
  std::uint64_t count_rows() override;
  bool next_page(std::size_t limit, Batch& out) override;
  void seek_after(const std::string& resume_token) override;

 private:
  [[noreturn]] void fail(const std::string& action, const std::string& detail);

  CtSession session_;
  SourceTable table_;
  std::string qualified_;
  SelectPlan plan_;
  ResultBinder binder_;
  std::vector<CtParam> last_key_;  //!< empty before the first page
  std::string last_key_text_;      //!< the same key as text, for messages
  bool finished_ = false;
  std::uint64_t sequence_ = 0;
};

}  // namespace etl::mssql
