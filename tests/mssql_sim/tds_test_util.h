// Helpers of the TDS byte-level tests: hex text to bytes and back, and encoding through a
// PacketWriter into a string.
#pragma once

#include <cctype>
#include <functional>
#include <string>
#include <string_view>

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

}  // namespace mssql_sim::test
