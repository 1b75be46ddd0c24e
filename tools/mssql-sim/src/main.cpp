// mssql-sim: a SQL Server simulator speaking TDS 7.4, for tests, benchmarks and the demo.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog.h"
#include "faults.h"
#include "generators.h"
#include "query_engine.h"
#include "script_loader.h"
#include "server.h"

namespace {

constexpr int kUsageError = 2;

struct Options {
  std::uint16_t port = 0;
  std::string listen = "127.0.0.1";
  std::string user = "etl";
  std::string password;
  std::string database = "master";
  std::vector<std::string> scripts;
  std::vector<std::string> generate;
  std::vector<std::string> faults;
};

//! A failure the operator fixes on the command line or in a script: exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--script " + path + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void load_scripts(const Options& options, mssql_sim::QueryEngine& engine) {
  for (const std::string& path : options.scripts) {
    const std::string text = read_file(path);
    try {
      mssql_sim::load_script(engine, text, path, options.database,
                             [](const std::string& line) { std::cerr << line << '\n'; });
    } catch (const std::exception& error) {
      throw UsageError("--script " + path + ": " + error.what());
    }
  }
}

//! TABLE=ROWS[:SEED], the seed 1 when left out.
void generate_tables(const Options& options, mssql_sim::Catalog& catalog) {
  for (const std::string& spec : options.generate) {
    const auto equals = spec.find('=');
    const auto colon = spec.find(':', equals == std::string::npos ? 0 : equals);
    const auto fail = [&](const std::string& why) {
      return UsageError("--generate " + spec + ": " + why);
    };
    if (equals == std::string::npos || equals == 0) throw fail("expected TABLE=ROWS[:SEED]");
    const std::string name = spec.substr(0, equals);
    std::uint64_t rows = 0;
    std::uint64_t seed = 1;
    try {
      std::size_t used = 0;
      const std::string rows_text = spec.substr(equals + 1, colon - equals - 1);
      rows = std::stoull(rows_text, &used);
      if (used != rows_text.size()) throw std::invalid_argument("rows");
      if (colon != std::string::npos) {
        const std::string seed_text = spec.substr(colon + 1);
        seed = std::stoull(seed_text, &used);
        if (used != seed_text.size()) throw std::invalid_argument("seed");
      }
    } catch (const std::logic_error&) {
      throw fail("ROWS and SEED must be whole numbers");
    }
    try {
      catalog.put_table(options.database, mssql_sim::make_generated_table(name, rows, seed));
    } catch (const std::invalid_argument& error) {
      throw fail(error.what());
    }
  }
}

int serve(const Options& options) {
  mssql_sim::Faults faults;
  for (const std::string& spec : options.faults) {
    try {
      faults.add(mssql_sim::parse_fault(spec));
    } catch (const std::invalid_argument& error) {
      throw UsageError(error.what());
    }
  }

  mssql_sim::Catalog catalog;
  catalog.create_database("master");
  const std::string database = catalog.create_database(options.database);
  mssql_sim::QueryEngine engine(catalog);
  Options resolved = options;
  resolved.database = database;
  load_scripts(resolved, engine);
  generate_tables(resolved, catalog);

  mssql_sim::tds::ServerContext context{
      engine, catalog, {options.user, options.password, database}, faults};
  std::unique_ptr<mssql_sim::tds::Server> server;
  try {
    server = std::make_unique<mssql_sim::tds::Server>(context, options.listen, options.port);
  } catch (const std::exception& error) {
    throw UsageError("--listen " + options.listen + " --port " + std::to_string(options.port) +
                     ": cannot listen: " + error.what());
  }
  const auto endpoint = server->local_endpoint();
  std::cout << "mssql-sim: listening on " << endpoint.address().to_string() << ':'
            << endpoint.port() << std::endl;
  server->run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A client that disconnects mid-write must end its session, not the process.
  std::signal(SIGPIPE, SIG_IGN);

  Options options;
  if (const char* password = std::getenv("MSSQL_SIM_PASSWORD")) options.password = password;
  if (options.password.empty()) options.password = "etl";

  CLI::App app{
      "mssql-sim: a SQL Server simulator speaking TDS 7.4 (a test double, not a "
      "database)"};
  app.add_option("--port", options.port, "TCP port to listen on (0 picks a free one)")->required();
  app.add_option("--listen", options.listen, "address to listen on")->capture_default_str();
  app.add_option("--user", options.user, "the login's user name")->capture_default_str();
  app.add_option("--password", options.password,
                 "the login's password (default: $MSSQL_SIM_PASSWORD, else etl)");
  app.add_option("--database", options.database,
                 "default database of the login; generated tables go there (created if "
                 "missing)")
      ->capture_default_str();
  app.add_option("--script", options.scripts, "T-SQL script to load (repeatable)")
      ->check(CLI::ExistingFile);
  app.add_option(
      "--generate", options.generate,
      "generated table TABLE=ROWS[:SEED], TABLE bi_credores, resumo_faixas or mixed_types "
      "(repeatable)");
  app.add_option("--fault", options.faults,
                 "test fault KIND=N[,times=K]: drop_after_rows, error_after_rows, delay_ms "
                 "(repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    std::cerr << "mssql-sim: " << error.what() << '\n';
    return kUsageError;
  }

  try {
    return serve(options);
  } catch (const UsageError& error) {
    std::cerr << "mssql-sim: " << error.what() << '\n';
    return kUsageError;
  } catch (const std::exception& error) {
    std::cerr << "mssql-sim: " << error.what() << '\n';
    return 1;
  }
}
