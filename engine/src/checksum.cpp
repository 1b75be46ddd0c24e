// The row hash behind verification: every tuple sent is hashed, every tuple read back is
// hashed the same way, and the sums must agree. The hash is our own: 8-byte words are each
// scrambled by a multiply-xorshift mixer, folded into a state that is rotated and multiplied
// between words (so word order matters), and the state is finally avalanched with the
// length. Two distinct tuples collide with probability about 2^-64; the digest adds the
// hashes mod 2^64, so the order of rows does not matter.
#include "etl/checksum.h"

#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>

namespace etl {
namespace {

constexpr std::uint64_t kSeed = 0x243F6A8885A308D3;  // digits of pi: any fixed odd value
constexpr std::uint64_t kStep = 0x9E3779B97F4A7C15;  // 2^64 / golden ratio, odd
constexpr std::uint64_t kMixA = 0xBF58476D1CE4E5B9;
constexpr std::uint64_t kMixB = 0x94D049BB133111EB;

std::uint64_t mix(std::uint64_t word) {
  word ^= word >> 30;
  word *= kMixA;
  word ^= word >> 27;
  word *= kMixB;
  word ^= word >> 31;
  return word;
}

std::uint64_t load_le64(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

std::uint16_t read_u16(const char* bytes) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes);
  return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}

std::int32_t read_i32(const char* bytes) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes);
  return static_cast<std::int32_t>((std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                                   (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]});
}

[[noreturn]] void malformed(std::size_t at, const char* what) {
  throw std::invalid_argument("binary COPY data malformed at byte " + std::to_string(at) + ": " +
                              what);
}

}  // namespace

std::uint64_t tuple_hash(std::string_view tuple) {
  std::uint64_t state = kSeed;
  const char* bytes = tuple.data();
  std::size_t left = tuple.size();

  for (; left >= 8; bytes += 8, left -= 8) {
    state = (std::rotl(state, 23) ^ mix(load_le64(bytes))) * kStep;
  }

  // The tail (0–7 bytes) is padded with zeros; the length below tells "ab" from "ab\0".
  if (left > 0) {
    char tail[8] = {};
    std::memcpy(tail, bytes, left);
    state = (std::rotl(state, 23) ^ mix(load_le64(tail))) * kStep;
  }
  return mix(state ^ (tuple.size() * kMixB));
}

void digest_tuples(std::string_view tuples, RowsDigest& digest) {
  std::size_t at = 0;
  while (at < tuples.size()) {
    const std::size_t start = at;
    if (tuples.size() - at < 2) malformed(at, "truncated field count");
    const auto fields = static_cast<std::int16_t>(read_u16(tuples.data() + at));
    if (fields == -1) break;  // the trailer, when a caller left it in
    if (fields < 0) malformed(at, "negative field count");
    at += 2;

    for (std::int16_t i = 0; i < fields; ++i) {
      if (tuples.size() - at < 4) malformed(at, "truncated field length");
      const std::int32_t length = read_i32(tuples.data() + at);
      at += 4;
      if (length == -1) continue;
      if (length < 0 || tuples.size() - at < static_cast<std::size_t>(length)) {
        malformed(at, "field runs past the end");
      }
      at += static_cast<std::size_t>(length);
    }

    digest.rows += 1;
    digest.hash_sum += tuple_hash(tuples.substr(start, at - start));
  }
}

}  // namespace etl
