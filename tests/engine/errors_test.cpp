#include "etl/errors.h"

#include <catch2/catch.hpp>

TEST_CASE("a database error names the side, action, object, cause and code", "[errors]") {
  etl::DatabaseError error(etl::Side::Destination, "into public.t (ids 1–4000)", "COPY",
                           "value too long for type character varying(30)", "22001");
  CHECK(std::string(error.what()) ==
        "destination: COPY into public.t (ids 1–4000) failed: value too long for type "
        "character varying(30) [22001]");
  CHECK_FALSE(error.retryable());
}
