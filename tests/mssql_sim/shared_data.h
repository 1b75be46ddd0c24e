// Where tests find the shared sample data: `shared/` beside the checkout (the repository's
// parent folder), or the folder named by ETL_SHARED_DATA.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace mssql_sim_test {

//! The shared data folder (…/shared/data).
inline std::filesystem::path shared_data_dir() {
  if (const char* dir = std::getenv("ETL_SHARED_DATA")) return dir;
  // This file is <repo>/tests/mssql_sim/shared_data.h.
  const std::filesystem::path repo =
      std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  return repo.parent_path() / "shared" / "data";
}

inline std::filesystem::path chinook_sql_server_script() {
  return shared_data_dir() / "chinook" / "Chinook_SqlServer.sql";
}

}  // namespace mssql_sim_test
