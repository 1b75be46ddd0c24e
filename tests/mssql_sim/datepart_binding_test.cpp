#include "engine_test_util.h"

using namespace mssql_sim_test;

TEST_CASE_METHOD(EngineFixture, "a date-part word is not bound as a column of the table",
                 "[select][datepart]") {
  ok("CREATE TABLE t (id int PRIMARY KEY, ts datetime2(7), dto datetimeoffset(7))");
  ok("INSERT INTO t VALUES (1, '2020-01-01 23:59:59.1234567', "
     "'2021-03-01 10:00:00.1234567 +05:30')");
  CHECK(rows("SELECT DATEPART(nanosecond, ts), DATEPART(tz, dto), DATEPART(year, ts) FROM t") ==
        std::vector<std::vector<std::string>>{{"123456700", "330", "2020"}});
  CHECK(error("SELECT DATEPART(nanosecond, nosuch) FROM t").number == 207);
}
