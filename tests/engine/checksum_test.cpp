#include "etl/checksum.h"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "copy_binary.h"

namespace {

std::string tuple_of(std::int32_t id, std::string_view text) {
  std::string out;
  etl::copy_binary::begin_tuple(out, 2);
  etl::copy_binary::append_int4(out, id);
  etl::copy_binary::append_bytes(out, text);
  return out;
}

}  // namespace

TEST_CASE("equal tuples hash equal and near tuples differ", "[checksum]") {
  CHECK(etl::tuple_hash(tuple_of(1, "a")) == etl::tuple_hash(tuple_of(1, "a")));
  std::set<std::uint64_t> hashes;
  for (int id = 0; id < 10000; ++id)
    hashes.insert(etl::tuple_hash(tuple_of(id, "same")));
  CHECK(hashes.size() == 10000);
  CHECK(etl::tuple_hash("ab") != etl::tuple_hash(std::string("ab\0", 3)));
  CHECK(etl::tuple_hash("abcdefgh12345678") != etl::tuple_hash("12345678abcdefgh"));
}

TEST_CASE("a digest counts the tuples and does not depend on their order", "[checksum]") {
  const std::string a = tuple_of(1, "um"), b = tuple_of(2, "dois"), c = tuple_of(3, "");
  etl::RowsDigest forward, backward;
  etl::digest_tuples(a + b + c, forward);
  etl::digest_tuples(c + b, backward);
  etl::digest_tuples(a, backward);
  CHECK(forward.rows == 3);
  CHECK(forward == backward);

  etl::RowsDigest other;
  etl::digest_tuples(a + b + tuple_of(3, " "), other);
  CHECK_FALSE(forward == other);
}

TEST_CASE("a digest reads NULL fields and stops at the trailer", "[checksum]") {
  std::string tuple;
  etl::copy_binary::begin_tuple(tuple, 2);
  etl::copy_binary::append_null(tuple);
  etl::copy_binary::append_int8(tuple, 7);
  std::string with_trailer = tuple;
  etl::copy_binary::append_trailer(with_trailer);

  etl::RowsDigest plain, trailed;
  etl::digest_tuples(tuple, plain);
  etl::digest_tuples(with_trailer, trailed);
  CHECK(plain.rows == 1);
  CHECK(plain == trailed);
  CHECK(plain.hash_sum == etl::tuple_hash(tuple));
}

TEST_CASE("malformed COPY data is an error, not a digest", "[checksum]") {
  etl::RowsDigest digest;
  const std::string tuple = tuple_of(1, "abc");
  CHECK_THROWS_AS(etl::digest_tuples(tuple.substr(0, tuple.size() - 1), digest),
                  std::invalid_argument);
  CHECK_THROWS_AS(etl::digest_tuples(std::string(1, '\0'), digest), std::invalid_argument);
}
