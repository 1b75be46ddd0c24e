#include "postgres/pg_copy_format.h"

#include <cstdint>
#include <stdexcept>

namespace etl::postgres {
namespace {

constexpr char kHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr std::size_t kHeaderSize = 19;
constexpr std::size_t kSignatureSize = 11;

std::uint32_t read_u32(const std::string& bytes, std::size_t at) {
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i]));
  };
  return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

std::uint16_t read_u16(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) << 8 |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

}  // namespace

std::string_view copy_header() {
  return std::string_view(kHeader, kHeaderSize);
}

std::string_view copy_trailer() {
  return std::string_view("\377\377", 2);
}

std::string_view CopyTupleReader::feed(std::string_view chunk) {
  buffer_.erase(0, consumed_);
  consumed_ = 0;
  buffer_.append(chunk);
  if (!header_done_ && !skip_header()) return {};
  if (finished_) return {};

  std::size_t end = whole_tuples_end();
  consumed_ = end;
  if (finished_) consumed_ += 2;
  return std::string_view(buffer_).substr(0, end);
}

bool CopyTupleReader::skip_header() {
  if (buffer_.size() < kHeaderSize) return false;
  if (buffer_.compare(0, kSignatureSize, kHeader, kSignatureSize) != 0) {
    throw std::runtime_error("binary COPY stream: bad signature");
  }
  std::size_t extension = read_u32(buffer_, kHeaderSize - 4);
  if (buffer_.size() < kHeaderSize + extension) return false;
  buffer_.erase(0, kHeaderSize + extension);
  header_done_ = true;
  return true;
}

std::size_t CopyTupleReader::whole_tuples_end() {
  std::size_t at = 0;
  while (at + 2 <= buffer_.size()) {
    std::int16_t fields = static_cast<std::int16_t>(read_u16(buffer_, at));
    if (fields == -1) {
      finished_ = true;
      return at;
    }
    if (fields < 0) throw std::runtime_error("binary COPY stream: negative field count");

    std::size_t next = at + 2;
    bool whole = true;
    for (std::int16_t field = 0; field < fields; ++field) {
      if (next + 4 > buffer_.size()) {
        whole = false;
        break;
      }
      std::int32_t length = static_cast<std::int32_t>(read_u32(buffer_, next));
      next += 4;
      if (length > 0) next += static_cast<std::size_t>(length);
      if (next > buffer_.size()) {
        whole = false;
        break;
      }
    }
    if (!whole) break;
    at = next;
  }
  return at;
}

}  // namespace etl::postgres
