// Column types on the wire: TYPE_INFO and row values for every SqlType.
#include "type_codec.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "collation.h"

namespace mssql_sim::tds {

namespace {

constexpr std::uint64_t kPlpNull = ~std::uint64_t{0};
constexpr std::int32_t kTextMaxLength = 0x7FFFFFFF;   // text and image
constexpr std::int32_t kNTextMaxLength = 0x7FFFFFFE;  // ntext, in bytes
constexpr std::int32_t kVariantMaxLength = 8009;

bool is_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void put_collation(PacketWriter& out, const Collation& collation) {
  const auto bytes = collation.wire_bytes();
  out.bytes(bytes.data(), bytes.size());
}

//! Byte length of the value of a fixed-size type (everything but strings, binaries, xml
//! and sql_variant), independent of the value.
std::size_t fixed_body_length(const SqlType& type) {
  switch (type.id) {
    case TypeId::Bit:
    case TypeId::TinyInt:
      return 1;
    case TypeId::SmallInt:
      return 2;
    case TypeId::Int:
    case TypeId::Real:
    case TypeId::SmallMoney:
    case TypeId::SmallDateTime:
      return 4;
    case TypeId::BigInt:
    case TypeId::Float:
    case TypeId::Money:
    case TypeId::DateTime:
      return 8;
    case TypeId::Decimal:
    case TypeId::Numeric:
      return 1 + decimal_magnitude_length(type.precision);
    case TypeId::Date:
      return 3;
    case TypeId::Time:
      return time_length(type.scale);
    case TypeId::DateTime2:
      return time_length(type.scale) + 3;
    case TypeId::DateTimeOffset:
      return time_length(type.scale) + 5;
    case TypeId::UniqueIdentifier:
      return 16;
    default:
      return 0;
  }
}

void put_uint_bytes(PacketWriter& out, std::uint64_t v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    out.u8(static_cast<std::uint8_t>(v >> (8 * i)));
}

//! Writes the value of a fixed-size type without any length prefix.
void write_fixed_body(PacketWriter& out, const SqlType& type, const Value& v) {
  switch (type.id) {
    case TypeId::Bit:
      out.u8(v.integer != 0 ? 1 : 0);
      return;
    case TypeId::TinyInt:
      out.u8(static_cast<std::uint8_t>(v.integer));
      return;
    case TypeId::SmallInt:
      out.u16(static_cast<std::uint16_t>(v.integer));
      return;
    case TypeId::Int:
      out.u32(static_cast<std::uint32_t>(v.integer));
      return;
    case TypeId::BigInt:
      out.u64(static_cast<std::uint64_t>(v.integer));
      return;
    case TypeId::Real:
      out.u32(std::bit_cast<std::uint32_t>(static_cast<float>(v.real)));
      return;
    case TypeId::Float:
      out.u64(std::bit_cast<std::uint64_t>(v.real));
      return;
    case TypeId::Money: {
      // The high 32 bits first, then the low 32 bits ([MS-TDS] 2.2.5.5.1.4).
      const auto money = static_cast<std::int64_t>(v.unscaled);
      out.u32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(money) >> 32));
      out.u32(static_cast<std::uint32_t>(money));
      return;
    }
    case TypeId::SmallMoney:
      out.u32(static_cast<std::uint32_t>(v.unscaled));
      return;
    case TypeId::DateTime:
      out.u32(static_cast<std::uint32_t>(v.days - kDaysTo1900));
      out.u32(static_cast<std::uint32_t>(v.ticks));
      return;
    case TypeId::SmallDateTime:
      out.u16(static_cast<std::uint16_t>(v.days - kDaysTo1900));
      out.u16(static_cast<std::uint16_t>(v.ticks));
      return;
    case TypeId::Decimal:
    case TypeId::Numeric: {
      const bool negative = v.unscaled < 0;
      auto magnitude = static_cast<unsigned __int128>(negative ? -v.unscaled : v.unscaled);
      out.u8(negative ? 0 : 1);
      const std::size_t n = decimal_magnitude_length(type.precision);
      for (std::size_t i = 0; i < n; ++i) {
        out.u8(static_cast<std::uint8_t>(magnitude));
        magnitude >>= 8;
      }
      return;
    }
    case TypeId::Date:
      put_uint_bytes(out, static_cast<std::uint32_t>(v.days), 3);
      return;
    case TypeId::Time:
      put_uint_bytes(out, time_units(v.ticks, type.scale), time_length(type.scale));
      return;
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset:
      put_uint_bytes(out, time_units(v.ticks, type.scale), time_length(type.scale));
      put_uint_bytes(out, static_cast<std::uint32_t>(v.days), 3);
      if (type.id == TypeId::DateTimeOffset) out.u16(static_cast<std::uint16_t>(v.offset_minutes));
      return;
    case TypeId::UniqueIdentifier: {
      // Data1, Data2 and Data3 little-endian; Data4 as it reads.
      static constexpr int kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
      char guid[16] = {};
      std::memcpy(guid, v.bytes.data(), std::min<std::size_t>(16, v.bytes.size()));
      for (const int i : kOrder)
        out.u8(static_cast<std::uint8_t>(guid[i]));
      return;
    }
    default:
      throw std::logic_error("not a fixed-size type: " + type_keyword(type.id));
  }
}

//! The value's bytes as they travel: code page, UTF-16LE or raw binary.
void append_encoded(std::string& out, const SqlType& type, const Value& v) {
  if (is_unicode(type.id)) {
    append_utf16le(out, v.bytes);
  } else if (is_character(type.id)) {
    append_code_page(out, v.bytes, type.collation);
  } else {
    out.append(v.bytes);
  }
}

std::size_t truncated_length(const SqlType& type, std::size_t length, std::int64_t textsize) {
  if (textsize < 0 || static_cast<std::uint64_t>(textsize) >= length) return length;
  auto limit = static_cast<std::size_t>(textsize);
  if (is_unicode(type.id)) limit &= ~std::size_t{1};  // never half a UTF-16 code unit
  return limit;
}

//! Large values are encoded once into a per-thread scratch buffer that is reused.
std::string& scratch() {
  thread_local std::string buffer;
  buffer.clear();
  return buffer;
}

void write_plp(PacketWriter& out, std::string_view data) {
  out.u64(data.size());
  if (!data.empty()) {
    out.u32(static_cast<std::uint32_t>(data.size()));
    out.bytes(data);
  }
  out.u32(0);
}

void write_variant(PacketWriter& out, const Value& v) {
  if (v.is_null || !v.variant || v.variant->value.is_null) {
    out.u32(0);
    return;
  }
  const SqlType& base = v.variant->type;
  const Value& inner = v.variant->value;
  const ColumnCodec codec = make_column_codec(base, false);
  if (codec.plp || codec.text || base.id == TypeId::SqlVariant) {
    throw std::logic_error("sql_variant cannot hold " + type_keyword(base.id));
  }
  if (codec.null_form == NullForm::UShort) {
    std::string& data = scratch();
    append_encoded(data, base, inner);
    const bool character = is_character(base.id);
    const std::uint8_t props = character ? 7 : 2;
    out.u32(static_cast<std::uint32_t>(2 + props + data.size()));
    out.u8(codec.wire_type);
    out.u8(props);
    if (character) put_collation(out, base.collation);
    const auto max_length = base.length * (is_unicode(base.id) ? 2 : 1);
    out.u16(static_cast<std::uint16_t>(max_length));
    out.bytes(data);
    return;
  }
  std::uint8_t props = 0;
  if (base.id == TypeId::Decimal || base.id == TypeId::Numeric) props = 2;
  if (base.id == TypeId::Time || base.id == TypeId::DateTime2 ||
      base.id == TypeId::DateTimeOffset) {
    props = 1;
  }
  std::uint8_t wire_type = codec.wire_type;
  if (base.id == TypeId::Decimal) wire_type = wire::kDecimalN;
  if (base.id == TypeId::Numeric) wire_type = wire::kNumericN;
  out.u32(static_cast<std::uint32_t>(2 + props + fixed_body_length(base)));
  out.u8(wire_type);
  out.u8(props);
  if (props == 2) {
    out.u8(base.precision);
    out.u8(base.scale);
  } else if (props == 1) {
    out.u8(base.scale);
  }
  write_fixed_body(out, base, inner);
}

}  // namespace

std::uint64_t time_units(std::int64_t ticks, std::uint8_t scale) {
  std::uint64_t divisor = 1;
  for (int i = scale; i < 7; ++i)
    divisor *= 10;
  return static_cast<std::uint64_t>(ticks) / divisor;
}

std::size_t time_length(std::uint8_t scale) {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

std::size_t decimal_magnitude_length(std::uint8_t precision) {
  return precision <= 9 ? 4 : precision <= 19 ? 8 : precision <= 28 ? 12 : 16;
}

ColumnCodec make_column_codec(const SqlType& type, bool nullable) {
  ColumnCodec c;
  c.type = type;
  c.nullable = nullable;
  c.null_form = NullForm::Byte;
  const auto fixed_or = [&](std::uint8_t fixed, std::uint8_t n_type) {
    if (nullable) return n_type;
    c.null_form = NullForm::None;
    return fixed;
  };
  switch (type.id) {
    case TypeId::Bit:
      c.wire_type = fixed_or(wire::kBit, wire::kBitN);
      break;
    case TypeId::TinyInt:
      c.wire_type = fixed_or(wire::kInt1, wire::kIntN);
      break;
    case TypeId::SmallInt:
      c.wire_type = fixed_or(wire::kInt2, wire::kIntN);
      break;
    case TypeId::Int:
      c.wire_type = fixed_or(wire::kInt4, wire::kIntN);
      break;
    case TypeId::BigInt:
      c.wire_type = fixed_or(wire::kInt8, wire::kIntN);
      break;
    case TypeId::Real:
      c.wire_type = fixed_or(wire::kFlt4, wire::kFltN);
      break;
    case TypeId::Float:
      c.wire_type = fixed_or(wire::kFlt8, wire::kFltN);
      break;
    case TypeId::Money:
      c.wire_type = fixed_or(wire::kMoney, wire::kMoneyN);
      break;
    case TypeId::SmallMoney:
      c.wire_type = fixed_or(wire::kMoney4, wire::kMoneyN);
      break;
    case TypeId::DateTime:
      c.wire_type = fixed_or(wire::kDateTime, wire::kDateTimeN);
      break;
    case TypeId::SmallDateTime:
      c.wire_type = fixed_or(wire::kDateTim4, wire::kDateTimeN);
      break;
    case TypeId::Decimal:
      c.wire_type = wire::kDecimalN;
      break;
    case TypeId::Numeric:
      c.wire_type = wire::kNumericN;
      break;
    case TypeId::Date:
      c.wire_type = wire::kDateN;
      break;
    case TypeId::Time:
      c.wire_type = wire::kTimeN;
      break;
    case TypeId::DateTime2:
      c.wire_type = wire::kDateTime2N;
      break;
    case TypeId::DateTimeOffset:
      c.wire_type = wire::kDateTimeOffsetN;
      break;
    case TypeId::UniqueIdentifier:
      c.wire_type = wire::kGuid;
      break;
    case TypeId::Char:
      c.wire_type = wire::kBigChar;
      break;
    case TypeId::VarChar:
      c.wire_type = wire::kBigVarChar;
      break;
    case TypeId::NChar:
      c.wire_type = wire::kNChar;
      break;
    case TypeId::NVarChar:
      c.wire_type = wire::kNVarChar;
      break;
    case TypeId::Binary:
    case TypeId::RowVersion:
      c.wire_type = wire::kBigBinary;
      break;
    case TypeId::VarBinary:
      c.wire_type = wire::kBigVarBinary;
      break;
    case TypeId::Text:
      c.wire_type = wire::kText;
      break;
    case TypeId::NText:
      c.wire_type = wire::kNText;
      break;
    case TypeId::Image:
      c.wire_type = wire::kImage;
      break;
    case TypeId::Xml:
      c.wire_type = wire::kXml;
      break;
    case TypeId::SqlVariant:
      c.wire_type = wire::kVariant;
      break;
  }
  switch (type.id) {
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::Binary:
    case TypeId::VarBinary:
    case TypeId::RowVersion:
      c.plp = type.length == SqlType::kMax;
      c.null_form = c.plp ? NullForm::Plp : NullForm::UShort;
      break;
    case TypeId::Xml:
      c.plp = true;
      c.null_form = NullForm::Plp;
      break;
    case TypeId::Text:
    case TypeId::NText:
    case TypeId::Image:
      c.text = true;
      break;
    case TypeId::SqlVariant:
      c.null_form = NullForm::Long;
      break;
    default:
      break;
  }
  return c;
}

std::size_t null_size(const ColumnCodec& codec) {
  switch (codec.null_form) {
    case NullForm::None:
      return 0;
    case NullForm::Byte:
      return 1;
    case NullForm::UShort:
      return 2;
    case NullForm::Plp:
      return 8;
    case NullForm::Long:
      return 4;
  }
  return 0;
}

std::uint32_t user_type(const SqlType& type) {
  return type.id == TypeId::RowVersion ? kTimestampUserType : 0;
}

void write_type_info(PacketWriter& out, const ColumnCodec& c) {
  const SqlType& t = c.type;
  out.u8(c.wire_type);
  switch (c.wire_type) {
    case wire::kIntN:
    case wire::kFltN:
    case wire::kMoneyN:
    case wire::kDateTimeN:
    case wire::kBitN:
    case wire::kGuid:
      out.u8(static_cast<std::uint8_t>(fixed_body_length(t)));
      return;
    case wire::kDecimalN:
    case wire::kNumericN:
      out.u8(static_cast<std::uint8_t>(fixed_body_length(t)));
      out.u8(t.precision);
      out.u8(t.scale);
      return;
    case wire::kTimeN:
    case wire::kDateTime2N:
    case wire::kDateTimeOffsetN:
      out.u8(t.scale);
      return;
    case wire::kBigChar:
    case wire::kBigVarChar:
    case wire::kNChar:
    case wire::kNVarChar:
    case wire::kBigBinary:
    case wire::kBigVarBinary: {
      std::uint16_t max_length = 0xFFFF;
      if (!c.plp) {
        const std::int32_t units = t.id == TypeId::RowVersion ? 8 : t.length;
        max_length = static_cast<std::uint16_t>(units * (is_unicode(t.id) ? 2 : 1));
      }
      out.u16(max_length);
      if (is_character(t.id)) put_collation(out, t.collation);
      return;
    }
    case wire::kText:
    case wire::kNText:
    case wire::kImage:
      out.u32(static_cast<std::uint32_t>(t.id == TypeId::NText ? kNTextMaxLength : kTextMaxLength));
      if (t.id != TypeId::Image) put_collation(out, t.collation);
      return;
    case wire::kXml:
      out.u8(0);
      return;  // no schema collection
    case wire::kVariant:
      out.u32(kVariantMaxLength);
      return;
    default:
      return;  // fixed-length types: the type byte says it all
  }
}

void write_value(PacketWriter& out, const ColumnCodec& c, const Value& v, std::int64_t textsize) {
  const SqlType& t = c.type;
  if (c.wire_type == wire::kVariant) {
    write_variant(out, v);
    return;
  }
  if (v.is_null) {
    switch (c.null_form) {
      case NullForm::None:
        throw std::logic_error("NULL in a NOT NULL " + type_keyword(t.id) + " column");
      case NullForm::Byte:
        out.u8(0);
        return;
      case NullForm::UShort:
        out.u16(0xFFFF);
        return;
      case NullForm::Plp:
        out.u64(kPlpNull);
        return;
      case NullForm::Long:
        out.u32(0);
        return;
    }
  }
  if (c.plp || c.text) {
    std::string& data = scratch();
    append_encoded(data, t, v);
    const std::size_t length = truncated_length(t, data.size(), textsize);
    const std::string_view sent(data.data(), length);
    if (c.plp) {
      write_plp(out, sent);
    } else {
      // A text pointer and timestamp precede text, ntext and image data.
      static constexpr char kTextPointer[16] = {'m', 's', 's', 'q', 'l', '-', 's', 'i',
                                                'm', 0,   0,   0,   0,   0,   0,   1};
      out.u8(16);
      out.bytes(kTextPointer, 16);
      out.u64(0);
      out.u32(static_cast<std::uint32_t>(length));
      out.bytes(sent);
    }
    return;
  }
  if (c.null_form == NullForm::UShort) {
    // Encode in place after a length placeholder, then patch the length.
    std::string& buffer = out.buffer();
    const std::size_t at = buffer.size();
    buffer.append(2, '\0');
    if (t.id == TypeId::RowVersion) {
      buffer.append(v.bytes.data(), std::min<std::size_t>(8, v.bytes.size()));
      buffer.append(8 - std::min<std::size_t>(8, v.bytes.size()), '\0');
    } else {
      append_encoded(buffer, t, v);
    }
    const std::size_t length = buffer.size() - at - 2;
    buffer[at] = static_cast<char>(length);
    buffer[at + 1] = static_cast<char>(length >> 8);
    return;
  }
  if (c.null_form == NullForm::Byte) out.u8(static_cast<std::uint8_t>(fixed_body_length(t)));
  write_fixed_body(out, t, v);
}

void append_utf16le(std::string& out, std::string_view s) {
  const auto unit = [&out](std::uint32_t u) {
    out.push_back(static_cast<char>(u));
    out.push_back(static_cast<char>(u >> 8));
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    if (b0 < 0x80) {
      unit(b0);
      ++i;
      continue;
    }
    std::size_t need = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
    if (need == 0 || i + need >= s.size()) {
      unit(0xFFFD);  // a stray continuation byte or a cut sequence
      ++i;
      continue;
    }
    std::uint32_t cp = b0 & (0x3F >> need);
    for (std::size_t k = 1; k <= need; ++k)
      cp = (cp << 6) | (static_cast<std::uint8_t>(s[i + k]) & 0x3F);
    i += need + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
}

void append_code_page(std::string& out, std::string_view text, const Collation& collation) {
  if (is_ascii(text)) {
    out.append(text);
  } else {
    out.append(encode_code_page(text, collation));
  }
}

}  // namespace mssql_sim::tds
