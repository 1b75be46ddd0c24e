// TDS packet framing ([MS-TDS] 2.2.3.1): 8-byte headers, messages split by the negotiated
// packet size, reading whole messages and writing tokens straight into the outgoing packet.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mssql_sim::tds {

//! Packet types ([MS-TDS] 2.2.3.1.1).
enum class PacketType : std::uint8_t {
  SqlBatch = 0x01,
  Rpc = 0x03,
  TabularResult = 0x04,
  Attention = 0x06,
  BulkLoad = 0x07,
  TransMgr = 0x0E,
  Login7 = 0x10,
  Prelogin = 0x12,
};

//! Packet status bits ([MS-TDS] 2.2.3.1.2).
inline constexpr std::uint8_t kStatusEom = 0x01;
inline constexpr std::uint8_t kStatusIgnore = 0x02;
inline constexpr std::uint8_t kStatusResetConnection = 0x08;
inline constexpr std::uint8_t kStatusResetConnectionSkipTran = 0x10;

inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kDefaultPacketSize = 4096;
inline constexpr std::size_t kMinPacketSize = 512;
inline constexpr std::size_t kMaxPacketSize = 32767;

//! A malformed or unexpected byte stream from the client; the session closes.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! The byte stream under the packets: a socket in the server, a string in tests.
class Transport {
 public:
  virtual ~Transport() = default;
  //! Writes all bytes or throws (the peer is gone).
  virtual void write_all(const std::uint8_t* data, std::size_t size) = 0;
  //! Blocks until some bytes arrive; returns 0 at end of stream.
  virtual std::size_t read_some(std::uint8_t* data, std::size_t size) = 0;
  //! True when bytes are waiting to be read (never blocks).
  virtual bool readable() = 0;
};

//! A whole client message: the type and status of its first packet, and the payloads of
//! all its packets joined.
struct Message {
  PacketType type = PacketType::SqlBatch;
  std::uint8_t status = 0;
  std::string payload;
};

//! Reads packets and joins them into messages.
class PacketReader {
 public:
  explicit PacketReader(Transport& transport, std::size_t max_message_bytes = 256u << 20)
      : transport_(transport), max_message_bytes_(max_message_bytes) {}

  //! The next message; nullopt when the client closed the connection between messages.
  //! Throws ProtocolError on a malformed header, a stream cut inside a packet, or a message
  //! larger than the limit.
  std::optional<Message> read_message();

  //! Checks, without blocking on an idle socket, whether the client sent an Attention.
  //! Other messages read on the way are kept for read_message.
  bool attention_pending();

 private:
  Message read_one_message();
  void read_exact(std::uint8_t* data, std::size_t size);
  bool peek_byte();

  Transport& transport_;
  std::size_t max_message_bytes_;
  std::deque<Message> queued_;
  int peeked_ = -1;  // a byte read ahead to tell end of stream from a message
};

//! Builds a server message (type 0x04) in one packet-sized buffer: tokens are appended,
//! full packets go out as soon as they fill, and end_message sends the rest with EOM.
class PacketWriter {
 public:
  PacketWriter(Transport& transport, std::uint16_t spid);

  //! Packet size for the messages that follow (clamped to 512–32767).
  void set_packet_size(std::size_t size);
  std::size_t packet_size() const { return packet_size_; }
  //! A pause before each packet is written (the delay_ms fault).
  void set_packet_delay(std::chrono::milliseconds delay) { delay_ = delay; }
  std::uint64_t packets_sent() const { return packets_sent_; }

  void u8(std::uint8_t v) { buffer_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) {
    const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
    buffer_.append(b, 2);
  }
  void u16be(std::uint16_t v) {
    const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
    buffer_.append(b, 2);
  }
  void u32(std::uint32_t v) {
    const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
    buffer_.append(b, 4);
  }
  void u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v));
    u32(static_cast<std::uint32_t>(v >> 32));
  }
  void bytes(std::string_view data);
  void bytes(const void* data, std::size_t size) {
    bytes(std::string_view(static_cast<const char*>(data), size));
  }

  //! The buffer holding the current packet (header space included) for encoders that
  //! append directly; call maybe_flush afterwards.
  std::string& buffer() { return buffer_; }
  //! Bytes of the current message not yet sent.
  std::size_t pending() const { return buffer_.size() - kHeaderSize; }

  //! Sends every full packet of the message built so far, keeping at least one byte back
  //! so that end_message never has to send an empty packet.
  void maybe_flush();
  //! Sends the rest of the message, the last packet with EOM.
  void end_message();
  //! Sends what is buffered as a packet without EOM (before a deliberate disconnect).
  void flush_without_eom();
  //! Forgets the unsent part of the message.
  void discard();

 private:
  void send_packet(std::size_t payload_size, std::uint8_t status);

  Transport& transport_;
  std::uint16_t spid_;
  std::size_t packet_size_ = kDefaultPacketSize;
  std::chrono::milliseconds delay_{0};
  std::uint8_t packet_id_ = 1;
  std::uint64_t packets_sent_ = 0;
  std::string buffer_;
};

//! A Transport over strings, for tests: reads from `input`, appends writes to `output`.
class StringTransport : public Transport {
 public:
  explicit StringTransport(std::string input = {}) : input_(std::move(input)) {}
  void write_all(const std::uint8_t* data, std::size_t size) override;
  std::size_t read_some(std::uint8_t* data, std::size_t size) override;
  bool readable() override { return position_ < input_.size(); }
  std::string& output() { return output_; }
  void append_input(std::string_view more) { input_.append(more); }

 private:
  std::string input_;
  std::size_t position_ = 0;
  std::string output_;
};

//! Splits the payload of a server message into packets as PacketWriter does (for tests and
//! for messages built whole, such as the PRELOGIN reply).
std::string frame_message(PacketType type, std::string_view payload, std::uint16_t spid,
                          std::size_t packet_size = kDefaultPacketSize);

//! The payloads of a byte stream of packets joined, checking the headers (for tests).
std::string unframe(std::string_view packets);

}  // namespace mssql_sim::tds
