// A catalog, an engine and a session for the query engine's tests, and helpers that read
// outcomes as text.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "catalog.h"
#include "eval.h"
#include "query_engine.h"

namespace mssql_sim_test {

using namespace mssql_sim;

struct EngineFixture {
  Catalog catalog;
  QueryEngine engine{catalog};
  SessionState session;

  EngineFixture() {
    session.database = "master";
    session.user = "sa";
  }

  std::vector<StatementOutcome> run(const std::string& sql, const std::vector<Param>& params = {}) {
    return engine.execute(session, sql, params);
  }

  //! Runs a batch that must give exactly one outcome.
  StatementOutcome one(const std::string& sql, const std::vector<Param>& params = {}) {
    std::vector<StatementOutcome> outcomes = run(sql, params);
    REQUIRE(outcomes.size() == 1);
    return std::move(outcomes[0]);
  }

  //! Runs statements that must all succeed.
  void ok(const std::string& sql) {
    for (const StatementOutcome& outcome : run(sql)) {
      INFO(sql << " -> " << outcome.message.number << " " << outcome.message.text);
      REQUIRE(outcome.kind != StatementOutcome::Kind::Error);
    }
  }

  //! The error number of a one-statement batch that must fail.
  SqlMessage error(const std::string& sql, const std::vector<Param>& params = {}) {
    StatementOutcome outcome = one(sql, params);
    REQUIRE(outcome.kind == StatementOutcome::Kind::Error);
    return outcome.message;
  }

  //! The rows of a one-statement query, each value as text ("NULL" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& sql,
                                             const std::vector<Param>& params = {}) {
    StatementOutcome outcome = one(sql, params);
    INFO(sql << " -> " << outcome.message.number << " " << outcome.message.text);
    REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
    return texts(outcome);
  }

  static std::vector<std::vector<std::string>> texts(StatementOutcome& outcome) {
    std::vector<std::vector<std::string>> out;
    Row row;
    while (outcome.rows->next(row)) {
      std::vector<std::string> line;
      for (std::size_t i = 0; i < row.size(); ++i) {
        line.push_back(row[i].is_null ? std::string("NULL")
                                      : to_text(TypedValue{outcome.columns[i].type, row[i]}));
      }
      out.push_back(std::move(line));
    }
    return out;
  }

  //! The single value of a one-row, one-column query.
  std::string scalar(const std::string& sql, const std::vector<Param>& params = {}) {
    auto result = rows(sql, params);
    REQUIRE(result.size() == 1);
    REQUIRE(result[0].size() == 1);
    return result[0][0];
  }
};

using Rows = std::vector<std::vector<std::string>>;

}  // namespace mssql_sim_test
