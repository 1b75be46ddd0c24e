// A source column whose type etl cannot carry (a CLR type such as hierarchyid, which the
// simulator does not serve) stops the run in preflight against a real PostgreSQL: the
// message names the column, its type and what to do, and the destination is left as it was.
#include <catch2/catch.hpp>

#include "etl/engine.h"
#include "pg_test_support.h"

namespace {

class CatalogOnlyReader final : public etl::SourceReader {
 public:
  etl::SourceTable describe(const std::string&, const std::vector<std::string>&) override {
    etl::SourceTable table;
    table.schema = "dbo";
    table.name = "organograma";
    etl::SourceColumn id;
    id.name = "id";
    id.type = etl::SourceType::Int;
    id.nullable = false;
    id.declared_type = "int";
    etl::SourceColumn path;
    path.name = "Caminho";
    path.type = etl::SourceType::Unsupported;
    path.declared_type = "hierarchyid";
    table.columns = {id, path};
    table.key = {0};
    return table;
  }
  std::uint64_t count_rows() override { return 3; }
  bool next_page(std::size_t, etl::Batch&) override {
    FAIL("a column that cannot be mapped must stop the run before any page is read");
    return false;
  }
  void seek_after(const std::string&) override {}
};

class CatalogOnlySource final : public etl::Source {
 public:
  std::unique_ptr<etl::SourceReader> connect() override {
    return std::make_unique<CatalogOnlyReader>();
  }
};

}  // namespace

TEST_CASE(
    "an unmappable source type fails the preflight with exit 1, naming the column, and "
    "changes nothing in the destination",
    "[pg_server][run]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::PipelineConfig config;
  config.name = "organograma";
  config.source_table = "dbo.organograma";
  config.destination_url = url;
  config.destination_table = "public.organograma_unmappable";
  config.ledger_schema = "etl_unmappable_probe";
  config.rejects_file = "/dev/null";

  etl::RunOptions options;
  options.connectors.source = [](const etl::SourceSettings&) {
    return std::make_unique<CatalogOnlySource>();
  };
  etl::RunReport report = etl::run_pipeline(config, options);

  CHECK(report.status == etl::RunStatus::Failed);
  CHECK(static_cast<int>(report.status) == 1);
  CHECK_THAT(report.error, Catch::Contains("Caminho") && Catch::Contains("hierarchyid") &&
                               Catch::Contains("CAST"));
  CHECK(pg_test::scalar(url, "SELECT to_regclass('public.organograma_unmappable') IS NULL") == "t");
  CHECK(pg_test::scalar(url,
                        "SELECT count(*) FROM pg_namespace WHERE nspname = "
                        "'etl_unmappable_probe'") == "0");
}
