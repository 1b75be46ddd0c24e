#include "mssql/make_source.h"

#include "mssql/mssql_reader.h"

namespace etl {
namespace {

class MssqlSource final : public Source {
 public:
  explicit MssqlSource(SourceSettings settings) : settings_(std::move(settings)) {}

  std::unique_ptr<SourceReader> connect() override {
    return std::make_unique<mssql::MssqlReader>(settings_);
  }

 private:
  SourceSettings settings_;
};

}  // namespace

std::unique_ptr<Source> make_mssql_source(SourceSettings settings) {
  return std::make_unique<MssqlSource>(std::move(settings));
}

}  // namespace etl
