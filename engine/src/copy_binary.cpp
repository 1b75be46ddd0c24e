#include "copy_binary.h"

#include <bit>
#include <cstring>

namespace etl::copy_binary {
namespace {

constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the closing NUL
constexpr std::uint16_t kNumericPositive = 0x0000;
constexpr std::uint16_t kNumericNegative = 0x4000;
constexpr int kMaxGroups = 24;  // 39 integer digits and 38 fraction digits need 10 + 10

constexpr std::uint64_t kPowersOf10[] = {1, 10, 100, 1000, 10000};

// Splits a magnitude into base-10000 groups, least significant first: returns how many.
int split_groups(unsigned __int128 magnitude, std::uint16_t* groups) {
  int count = 0;
  while (magnitude > UINT64_MAX) {
    groups[count++] = static_cast<std::uint16_t>(magnitude % 10000);
    magnitude /= 10000;
  }
  auto small = static_cast<std::uint64_t>(magnitude);  // 64-bit division is much cheaper
  while (small != 0) {
    groups[count++] = static_cast<std::uint16_t>(small % 10000);
    small /= 10000;
  }
  return count;
}

// Splits the fraction's digits (scale of them) into base-10000 groups, least significant
// first: the last group holds scale % 4 digits followed by zeros.
template <typename Unsigned>
void split_fraction(Unsigned fraction, int scale, std::uint16_t* groups) {
  const int count = (scale + 3) / 4;
  const int partial_digits = scale % 4;
  for (int i = 0; i < count; ++i) {
    if (i == 0 && partial_digits != 0) {
      const std::uint64_t unit = kPowersOf10[partial_digits];
      groups[i] = static_cast<std::uint16_t>(fraction % unit * kPowersOf10[4 - partial_digits]);
      fraction /= unit;
    } else {
      groups[i] = static_cast<std::uint16_t>(fraction % 10000);
      fraction /= 10000;
    }
  }
}

unsigned __int128 power_of_10(int exponent) {
  unsigned __int128 value = 1;
  for (int i = 0; i < exponent; ++i)
    value *= 10;
  return value;
}

}  // namespace

void append_header(std::string& out) {
  out.append(kSignature, sizeof kSignature);
  append_big_endian<std::int32_t>(out, 0);  // flags: no OIDs
  append_big_endian<std::int32_t>(out, 0);  // header extension length
}

void append_trailer(std::string& out) {
  append_big_endian<std::int16_t>(out, -1);
}

void begin_tuple(std::string& out, std::uint16_t fields) {
  append_big_endian<std::int16_t>(out, static_cast<std::int16_t>(fields));
}

void append_null(std::string& out) {
  append_big_endian<std::int32_t>(out, -1);
}

void append_bool(std::string& out, bool value) {
  append_big_endian<std::int32_t>(out, 1);
  out.push_back(value ? 1 : 0);
}

void append_int2(std::string& out, std::int16_t value) {
  append_big_endian<std::int32_t>(out, 2);
  append_big_endian(out, value);
}

void append_int4(std::string& out, std::int32_t value) {
  append_big_endian<std::int32_t>(out, 4);
  append_big_endian(out, value);
}

void append_int8(std::string& out, std::int64_t value) {
  append_big_endian<std::int32_t>(out, 8);
  append_big_endian(out, value);
}

void append_float4(std::string& out, float value) {
  append_big_endian<std::int32_t>(out, 4);
  append_big_endian(out, std::bit_cast<std::uint32_t>(value));
}

void append_float8(std::string& out, double value) {
  append_big_endian<std::int32_t>(out, 8);
  append_big_endian(out, std::bit_cast<std::uint64_t>(value));
}

void append_numeric(std::string& out, __int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  // The magnitude of INT128_MIN still fits the unsigned type.
  const unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(unscaled)
               : static_cast<unsigned __int128>(unscaled);

  // Groups are aligned on the decimal point. Integer and fraction are split apart first so
  // that nothing overflows, whatever the scale.
  // Money and most decimals fit 64 bits, where division is several times cheaper.
  unsigned __int128 integer_part = 0;
  std::uint16_t fraction_groups[kMaxGroups];  // least significant first
  const int fraction_count = (scale + 3) / 4;
  if (magnitude <= UINT64_MAX && scale < 20) {
    const auto small = static_cast<std::uint64_t>(magnitude);
    const auto divisor = static_cast<std::uint64_t>(power_of_10(scale));
    integer_part = small / divisor;
    split_fraction(small % divisor, scale, fraction_groups);
  } else {
    const unsigned __int128 divisor = power_of_10(scale);
    integer_part = magnitude / divisor;
    split_fraction(magnitude % divisor, scale, fraction_groups);
  }

  std::uint16_t integer_groups[kMaxGroups];  // least significant first
  const int integer_count = split_groups(integer_part, integer_groups);

  // Most significant first: integer groups, then fraction groups; the first has weight
  // integer_count - 1.
  std::uint16_t digits[2 * kMaxGroups];
  int count = 0;
  for (int i = integer_count - 1; i >= 0; --i)
    digits[count++] = integer_groups[i];
  for (int i = fraction_count - 1; i >= 0; --i)
    digits[count++] = fraction_groups[i];
  int weight = integer_count - 1;

  // Canonical form: no leading or trailing zero groups (only a fraction can lead with zeros).
  int first = 0;
  while (first < count && digits[first] == 0)
    ++first, --weight;
  while (count > first && digits[count - 1] == 0)
    --count;
  const int ndigits = count - first;
  if (ndigits == 0) weight = 0;

  append_big_endian<std::int32_t>(out, 8 + 2 * ndigits);
  append_big_endian<std::int16_t>(out, static_cast<std::int16_t>(ndigits));
  append_big_endian<std::int16_t>(out, static_cast<std::int16_t>(weight));
  append_big_endian<std::uint16_t>(out,
                                   negative && ndigits > 0 ? kNumericNegative : kNumericPositive);
  append_big_endian<std::int16_t>(out, static_cast<std::int16_t>(scale));
  for (int i = first; i < count; ++i)
    append_big_endian<std::int16_t>(out, digits[i]);
}

void append_date(std::string& out, std::int32_t pg_days) {
  append_int4(out, pg_days);
}

void append_time(std::string& out, std::int64_t micros) {
  append_int8(out, micros);
}

void append_timestamp(std::string& out, std::int64_t micros) {
  append_int8(out, micros);
}

void append_bytes(std::string& out, std::string_view bytes) {
  append_big_endian<std::int32_t>(out, static_cast<std::int32_t>(bytes.size()));
  out.append(bytes);
}

void append_uuid(std::string& out, std::string_view sixteen_bytes) {
  append_big_endian<std::int32_t>(out, 16);
  out.append(sixteen_bytes.substr(0, 16));
}

std::size_t begin_field(std::string& out) {
  const std::size_t at = out.size();
  out.append(4, '\0');
  return at;
}

void finish_field(std::string& out, std::size_t length_at) {
  const auto length = static_cast<std::uint32_t>(out.size() - length_at - 4);
  const char bytes[4] = {static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                         static_cast<char>(length >> 8), static_cast<char>(length)};
  std::memcpy(out.data() + length_at, bytes, 4);
}

}  // namespace etl::copy_binary
