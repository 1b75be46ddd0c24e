#include "postgres/make_sink.h"

#include "postgres/pg_sink.h"

namespace etl {

std::unique_ptr<Sink> make_postgres_sink(std::string url) {
  return std::make_unique<postgres::PgSink>(std::move(url));
}

}  // namespace etl
