// RPC requests: procedure, parameters and their typed values.
#include "rpc.h"

#include <algorithm>
#include <bit>
#include <cctype>

#include "collation.h"
#include "tds_packet.h"
#include "type_codec.h"

namespace mssql_sim::tds {

namespace {

constexpr std::uint64_t kPlpNull = ~std::uint64_t{0};

//! Little-endian reads over a payload; running past its end is a ProtocolError.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  std::size_t remaining() const { return data_.size() - at_; }
  std::string_view take(std::size_t n) {
    if (n > remaining()) throw ProtocolError("RPC request cut short");
    const auto part = data_.substr(at_, n);
    at_ += n;
    return part;
  }
  std::uint64_t uint(std::size_t n) {
    const auto bytes = take(n);
    std::uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;)
      v = (v << 8) | static_cast<std::uint8_t>(bytes[i]);
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(uint(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(uint(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::uint64_t u64() { return uint(8); }

 private:
  std::string_view data_;
  std::size_t at_ = 0;
};

SqlError unsupported(std::uint8_t wire_type) {
  SqlMessage message;
  message.number = 8009;
  message.severity = 16;
  message.text =
      "The incoming tabular data stream (TDS) remote procedure call (RPC) protocol "
      "stream is incorrect. Parameter uses data type 0x" +
      std::string(1, "0123456789ABCDEF"[wire_type >> 4]) +
      std::string(1, "0123456789ABCDEF"[wire_type & 15]) +
      ", which the simulator does not support.";
  return SqlError(message);
}

Collation read_collation(ByteReader& in) {
  const auto bytes = in.take(5);
  const auto b = [&](int i) { return static_cast<std::uint8_t>(bytes[i]); };
  const std::uint32_t info = b(0) | (b(1) << 8) | (b(2) << 16) | (std::uint32_t{b(3)} << 24);
  Collation collation;
  collation.lcid = info & 0xFFFFF;
  collation.flags = static_cast<std::uint8_t>((info >> 20) & 0xFF);
  collation.version = static_cast<std::uint8_t>(info >> 28);
  collation.sort_id = b(4);
  // The name is not on the wire; keep the default's name only when the bytes match it.
  if (!(collation.wire_bytes() == Collation{}.wire_bytes())) collation.name.clear();
  return collation;
}

std::string read_plp(ByteReader& in, bool& is_null) {
  const std::uint64_t total = in.u64();
  is_null = total == kPlpNull;
  std::string data;
  if (is_null) return data;
  for (;;) {
    const std::uint32_t chunk = in.u32();
    if (chunk == 0) return data;
    data.append(in.take(chunk));
  }
}

//! Type info of a parameter: how its value is framed and what SqlType it becomes.
struct ParamType {
  SqlType type;
  std::uint8_t wire_type = 0;
  enum class Frame { Fixed, Byte, UShort, Long, Plp } frame = Frame::Byte;
  std::size_t fixed_length = 0;
};

ParamType read_type_info(ByteReader& in) {
  ParamType p;
  p.wire_type = in.u8();
  SqlType& t = p.type;
  const auto int_by_size = [](std::size_t n) {
    return n == 1   ? TypeId::TinyInt
           : n == 2 ? TypeId::SmallInt
           : n == 4 ? TypeId::Int
                    : TypeId::BigInt;
  };
  const auto fixed = [&](TypeId id, std::size_t n) {
    t.id = id;
    p.frame = ParamType::Frame::Fixed;
    p.fixed_length = n;
  };
  switch (p.wire_type) {
    case wire::kInt1:
      fixed(TypeId::TinyInt, 1);
      break;
    case wire::kInt2:
      fixed(TypeId::SmallInt, 2);
      break;
    case wire::kInt4:
      fixed(TypeId::Int, 4);
      break;
    case wire::kInt8:
      fixed(TypeId::BigInt, 8);
      break;
    case wire::kBit:
      fixed(TypeId::Bit, 1);
      break;
    case wire::kFlt4:
      fixed(TypeId::Real, 4);
      break;
    case wire::kFlt8:
      fixed(TypeId::Float, 8);
      break;
    case wire::kMoney:
      fixed(TypeId::Money, 8);
      break;
    case wire::kMoney4:
      fixed(TypeId::SmallMoney, 4);
      break;
    case wire::kDateTime:
      fixed(TypeId::DateTime, 8);
      break;
    case wire::kDateTim4:
      fixed(TypeId::SmallDateTime, 4);
      break;
    case wire::kIntN:
      t.id = int_by_size(in.u8());
      break;
    case wire::kBitN:
      in.u8();
      t.id = TypeId::Bit;
      break;
    case wire::kFltN:
      t.id = in.u8() == 4 ? TypeId::Real : TypeId::Float;
      break;
    case wire::kMoneyN:
      t.id = in.u8() == 4 ? TypeId::SmallMoney : TypeId::Money;
      break;
    case wire::kDateTimeN:
      t.id = in.u8() == 4 ? TypeId::SmallDateTime : TypeId::DateTime;
      break;
    case wire::kGuid:
      in.u8();
      t.id = TypeId::UniqueIdentifier;
      break;
    case wire::kDecimalN:
    case wire::kNumericN:
    case wire::kDecimal:
    case wire::kNumeric:
      in.u8();
      t.id = (p.wire_type == wire::kNumericN || p.wire_type == wire::kNumeric) ? TypeId::Numeric
                                                                               : TypeId::Decimal;
      t.precision = in.u8();
      t.scale = in.u8();
      break;
    case wire::kDateN:
      t.id = TypeId::Date;
      break;
    case wire::kTimeN:
      t.id = TypeId::Time;
      t.scale = in.u8();
      break;
    case wire::kDateTime2N:
      t.id = TypeId::DateTime2;
      t.scale = in.u8();
      break;
    case wire::kDateTimeOffsetN:
      t.id = TypeId::DateTimeOffset;
      t.scale = in.u8();
      break;
    case wire::kBigChar:
    case wire::kBigVarChar:
    case wire::kNChar:
    case wire::kNVarChar:
    case wire::kBigBinary:
    case wire::kBigVarBinary: {
      const std::uint16_t max_length = in.u16();
      const bool unicode = p.wire_type == wire::kNChar || p.wire_type == wire::kNVarChar;
      t.id = p.wire_type == wire::kBigChar      ? TypeId::Char
             : p.wire_type == wire::kBigVarChar ? TypeId::VarChar
             : p.wire_type == wire::kNChar      ? TypeId::NChar
             : p.wire_type == wire::kNVarChar   ? TypeId::NVarChar
             : p.wire_type == wire::kBigBinary  ? TypeId::Binary
                                                : TypeId::VarBinary;
      t.length = max_length == 0xFFFF ? SqlType::kMax : max_length / (unicode ? 2 : 1);
      if (is_character(t.id)) t.collation = read_collation(in);
      p.frame = max_length == 0xFFFF ? ParamType::Frame::Plp : ParamType::Frame::UShort;
      break;
    }
    case wire::kChar:
    case wire::kVarChar:
    case wire::kBinary:
    case wire::kVarBinary:
      t.id = p.wire_type == wire::kChar      ? TypeId::Char
             : p.wire_type == wire::kVarChar ? TypeId::VarChar
             : p.wire_type == wire::kBinary  ? TypeId::Binary
                                             : TypeId::VarBinary;
      t.length = in.u8();
      break;
    case wire::kText:
    case wire::kNText:
    case wire::kImage:
      in.u32();
      t.id = p.wire_type == wire::kText    ? TypeId::Text
             : p.wire_type == wire::kNText ? TypeId::NText
                                           : TypeId::Image;
      t.length = SqlType::kMax;
      if (t.id != TypeId::Image) t.collation = read_collation(in);
      p.frame = ParamType::Frame::Long;
      break;
    case wire::kXml:
      if (in.u8() != 0) {  // schema collection: database, owner, name
        in.take(in.u8() * 2);
        in.take(in.u8() * 2);
        in.take(in.u16() * 2);
      }
      t.id = TypeId::Xml;
      t.length = SqlType::kMax;
      p.frame = ParamType::Frame::Plp;
      break;
    default:
      throw unsupported(p.wire_type);
  }
  return p;
}

std::uint64_t le_uint(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = bytes.size(); i-- > 0;)
    v = (v << 8) | static_cast<std::uint8_t>(bytes[i]);
  return v;
}

std::int64_t ticks_of(std::uint64_t units, std::uint8_t scale) {
  auto ticks = static_cast<std::int64_t>(units);
  for (int i = scale; i < 7; ++i)
    ticks *= 10;
  return ticks;
}

Value decode_fixed(const SqlType& t, std::string_view b) {
  Value v;
  v.is_null = false;
  switch (t.id) {
    case TypeId::Bit:
      v.integer = b[0] != 0;
      break;
    case TypeId::TinyInt:
      v.integer = static_cast<std::uint8_t>(b[0]);
      break;
    case TypeId::SmallInt:
      v.integer = static_cast<std::int16_t>(le_uint(b));
      break;
    case TypeId::Int:
      v.integer = static_cast<std::int32_t>(le_uint(b));
      break;
    case TypeId::BigInt:
      v.integer = static_cast<std::int64_t>(le_uint(b));
      break;
    case TypeId::Real:
      v.real = std::bit_cast<float>(static_cast<std::uint32_t>(le_uint(b)));
      break;
    case TypeId::Float:
      v.real = std::bit_cast<double>(le_uint(b));
      break;
    case TypeId::Money: {
      const std::uint64_t high = le_uint(b.substr(0, 4));
      const std::uint64_t low = le_uint(b.substr(4, 4));
      v.unscaled = static_cast<std::int64_t>((high << 32) | low);
      break;
    }
    case TypeId::SmallMoney:
      v.unscaled = static_cast<std::int32_t>(le_uint(b));
      break;
    case TypeId::DateTime:
      v.days = static_cast<std::int32_t>(le_uint(b.substr(0, 4))) + kDaysTo1900;
      v.ticks = static_cast<std::uint32_t>(le_uint(b.substr(4, 4)));
      break;
    case TypeId::SmallDateTime:
      v.days = static_cast<std::int32_t>(le_uint(b.substr(0, 2))) + kDaysTo1900;
      v.ticks = static_cast<std::int64_t>(le_uint(b.substr(2, 2)));
      break;
    case TypeId::Decimal:
    case TypeId::Numeric: {
      unsigned __int128 magnitude = 0;
      for (std::size_t i = b.size(); i-- > 1;)
        magnitude = (magnitude << 8) | static_cast<std::uint8_t>(b[i]);
      v.unscaled = b[0] == 0 ? -static_cast<__int128>(magnitude) : static_cast<__int128>(magnitude);
      break;
    }
    case TypeId::Date:
      v.days = static_cast<std::int32_t>(le_uint(b.substr(0, 3)));
      break;
    case TypeId::Time:
      v.ticks = ticks_of(le_uint(b), t.scale);
      break;
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset: {
      const std::size_t time_bytes = time_length(t.scale);
      v.ticks = ticks_of(le_uint(b.substr(0, time_bytes)), t.scale);
      v.days = static_cast<std::int32_t>(le_uint(b.substr(time_bytes, 3)));
      if (t.id == TypeId::DateTimeOffset) {
        v.offset_minutes = static_cast<std::int16_t>(le_uint(b.substr(time_bytes + 3, 2)));
      }
      break;
    }
    case TypeId::UniqueIdentifier: {
      static constexpr int kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
      v.bytes.resize(16);
      for (int i = 0; i < 16; ++i)
        v.bytes[kOrder[i]] = b[i];
      break;
    }
    default:
      break;
  }
  return v;
}

Value decode_bytes(const SqlType& t, std::string_view data) {
  if (is_unicode(t.id)) return Value::of_bytes(from_utf16le(data));
  if (is_character(t.id)) return Value::of_bytes(decode_code_page(data, t.collation));
  return Value::of_bytes(std::string(data));
}

TypedValue read_param_value(ByteReader& in, const ParamType& p) {
  TypedValue result{p.type, Value::null()};
  const SqlType& t = p.type;
  switch (p.frame) {
    case ParamType::Frame::Fixed:
      result.value = decode_fixed(t, in.take(p.fixed_length));
      break;
    case ParamType::Frame::Byte: {
      const std::uint8_t length = in.u8();
      if (length == 0) break;
      const auto bytes = in.take(length);
      if (is_character(t.id) || is_binary(t.id)) {
        result.value = decode_bytes(t, bytes);
      } else {
        result.value = decode_fixed(t, bytes);
        // An INTN or FLTN value's own length decides its type.
        if (p.wire_type == wire::kIntN) {
          const auto id = length == 1   ? TypeId::TinyInt
                          : length == 2 ? TypeId::SmallInt
                          : length == 4 ? TypeId::Int
                                        : TypeId::BigInt;
          if (id != t.id) {
            result.type.id = id;
            result.value = decode_fixed(result.type, bytes);
          }
        }
      }
      break;
    }
    case ParamType::Frame::UShort: {
      const std::uint16_t length = in.u16();
      if (length != 0xFFFF) result.value = decode_bytes(t, in.take(length));
      break;
    }
    case ParamType::Frame::Long: {
      const std::uint32_t length = in.u32();
      if (length != 0xFFFFFFFF) result.value = decode_bytes(t, in.take(length));
      break;
    }
    case ParamType::Frame::Plp: {
      bool is_null = false;
      std::string data = read_plp(in, is_null);
      if (!is_null) result.value = decode_bytes(t, data);
      break;
    }
  }
  return result;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::uint16_t id_of_name(std::string_view name) {
  std::string n = lower(name);
  for (const std::string_view prefix : {"sys.", "dbo.", "master..", "master.sys.", "master.dbo."}) {
    if (n.starts_with(prefix)) n.erase(0, prefix.size());
  }
  if (n == "sp_executesql") return proc_id::kExecuteSql;
  if (n == "sp_prepare") return proc_id::kPrepare;
  if (n == "sp_execute") return proc_id::kExecute;
  if (n == "sp_prepexec") return proc_id::kPrepExec;
  if (n == "sp_unprepare") return proc_id::kUnprepare;
  return 0;
}

std::string name_of_id(std::uint16_t id) {
  switch (id) {
    case proc_id::kExecuteSql:
      return "sp_executesql";
    case proc_id::kPrepare:
      return "sp_prepare";
    case proc_id::kExecute:
      return "sp_execute";
    case proc_id::kPrepExec:
      return "sp_prepexec";
    case proc_id::kUnprepare:
      return "sp_unprepare";
    default:
      return "procedure " + std::to_string(id);
  }
}

}  // namespace

RpcRequest parse_rpc(std::string_view payload) {
  ByteReader in(payload);
  // ALL_HEADERS: its total length includes itself.
  if (payload.size() >= 4) {
    const std::uint32_t headers = static_cast<std::uint32_t>(le_uint(payload.substr(0, 4)));
    if (headers >= 4 && headers <= payload.size()) in.take(headers);
  }
  RpcRequest request;
  const std::uint16_t name_length = in.u16();
  if (name_length == 0xFFFF) {
    request.proc_id = in.u16();
    request.proc_name = name_of_id(request.proc_id);
  } else {
    request.proc_name = from_utf16le(in.take(std::size_t{name_length} * 2));
    request.proc_id = id_of_name(request.proc_name);
  }
  in.u16();  // option flags
  while (in.remaining() > 0) {
    const auto next = static_cast<std::uint8_t>(payload[payload.size() - in.remaining()]);
    if (next == 0x80 || next == 0xFF || next == 0xFE) break;  // batch separator: next RPC
    RpcParam param;
    param.name = from_utf16le(in.take(std::size_t{in.u8()} * 2));
    param.output = (in.u8() & 0x01) != 0;
    const ParamType type = read_type_info(in);
    param.value = read_param_value(in, type);
    request.params.push_back(std::move(param));
  }
  return request;
}

std::vector<std::string> definition_names(std::string_view definition) {
  std::vector<std::string> names;
  int depth = 0;
  bool expect_name = true;
  for (std::size_t i = 0; i < definition.size(); ++i) {
    const char c = definition[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) expect_name = true;
    if (c == '@' && expect_name) {
      std::size_t end = i + 1;
      while (end < definition.size() &&
             (std::isalnum(static_cast<unsigned char>(definition[end])) || definition[end] == '_' ||
              definition[end] == '@' || definition[end] == '#' || definition[end] == '$' ||
              static_cast<unsigned char>(definition[end]) >= 0x80)) {
        ++end;
      }
      names.emplace_back(definition.substr(i, end - i));
      expect_name = false;
      i = end - 1;
    }
  }
  return names;
}

std::vector<Param> bind_params(std::string_view definition, const std::vector<RpcParam>& values) {
  const std::vector<std::string> names = definition_names(definition);
  std::vector<Param> params;
  std::vector<bool> bound(names.size(), false);
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string name = values[i].name;
    if (name.empty() && i < names.size()) name = names[i];
    if (!name.empty() && name[0] != '@') name.insert(0, "@");
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (lower(names[k]) == lower(name)) bound[k] = true;
    }
    params.push_back(Param{name, values[i].value});
  }
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (bound[k]) continue;
    SqlMessage message;
    message.number = 8178;
    message.severity = 16;
    message.text = "The parameterized query '(" + std::string(definition) +
                   ")' expects the parameter '" + names[k] + "', which was not supplied.";
    throw SqlError(message);
  }
  return params;
}

std::string param_text(const RpcParam& param) {
  return param.value.value.is_null ? std::string() : param.value.value.bytes;
}

}  // namespace mssql_sim::tds
