// The PostgreSQL sink's factory: the engine names no libpq type.
#pragma once

#include <memory>
#include <string>

#include "etl/sink.h"

namespace etl {

//! A sink writing to the PostgreSQL server at `url` (postgresql://user@host:port/db?…, or a
//! libpq keyword/value string). Connects only when its first phase runs.
std::unique_ptr<Sink> make_postgres_sink(std::string url);

}  // namespace etl
