// Helpers of the TDS byte-level tests: hex text to bytes and back, and encoding through a
// PacketWriter into a string.
#pragma once

#include <cctype>
#include <functional>
#include <string>
#include <string_view>

#include "collation.h"
#include "login.h"
#include "tds_packet.h"

namespace mssql_sim::test {

//! "97 94 0a" → bytes; spaces are ignored.
inline std::string from_hex(std::string_view hex) {
  std::string bytes;
  int high = -1;
  for (const char c : hex) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    const int nibble = std::isdigit(static_cast<unsigned char>(c))
                           ? c - '0'
                           : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (high < 0) {
      high = nibble;
    } else {
      bytes.push_back(static_cast<char>(high * 16 + nibble));
      high = -1;
    }
  }
  return bytes;
}

//! Bytes → "97 94 0A", upper case, one space between bytes.
inline std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string hex;
  for (const char c : bytes) {
    if (!hex.empty()) hex.push_back(' ');
    hex.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    hex.push_back(kDigits[static_cast<unsigned char>(c) & 15]);
  }
  return hex;
}

//! The payload that `write` produces as one server message (headers removed).
inline std::string written(const std::function<void(tds::PacketWriter&)>& write,
                           std::size_t packet_size = tds::kDefaultPacketSize) {
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  writer.set_packet_size(packet_size);
  write(writer);
  writer.end_message();
  return tds::unframe(transport.output());
}

struct LoginFields {
  std::string user = "etl";
  std::string password = "s3cret";
  std::string database;
  std::uint32_t packet_size = 4096;
  std::uint8_t option_flags2 = 0x02;  // fODBC, as FreeTDS ct-lib sets it
  bool utf8_feature = true;
};

inline void put16(std::string& s, std::size_t at, std::size_t v) {
  s[at] = static_cast<char>(v);
  s[at + 1] = static_cast<char>(v >> 8);
}
inline void put32(std::string& s, std::size_t at, std::uint32_t v) {
  put16(s, at, v & 0xFFFF);
  put16(s, at + 2, v >> 16);
}

//! A LOGIN7 message as a TDS 7.4 client builds it.
inline std::string login7(const LoginFields& f) {
  std::string m(94, '\0');
  put32(m, 4, tds::kTds74);
  put32(m, 8, f.packet_size);
  m[25] = static_cast<char>(f.option_flags2);
  m[27] = static_cast<char>(f.utf8_feature ? 0x10 : 0);
  const auto field = [&](std::size_t at, std::string_view text, bool scramble = false) {
    std::string utf16 = to_utf16le(text);
    if (scramble) {
      for (char& c : utf16) {
        const auto b = static_cast<std::uint8_t>(c);
        c = static_cast<char>(static_cast<std::uint8_t>((b << 4) | (b >> 4)) ^ 0xA5);
      }
    }
    put16(m, at, m.size());
    put16(m, at + 2, utf16.size() / 2);
    m += utf16;
  };
  field(36, "host");
  field(40, f.user);
  field(44, f.password, true);
  field(48, "app");
  field(52, "127.0.0.1");
  field(60, "DB-Library");
  field(64, "");
  field(68, f.database);
  if (f.utf8_feature) {
    put16(m, 56, m.size());
    put16(m, 58, 4);
    const std::size_t pointer = m.size();
    m += std::string(4, '\0');
    put32(m, pointer, static_cast<std::uint32_t>(m.size()));
    m += from_hex("0A 01 00 00 00 01 FF");
  }
  put32(m, 0, static_cast<std::uint32_t>(m.size()));
  return m;
}

}  // namespace mssql_sim::test
