// TDS packet framing: reading whole client messages and writing server messages in packets.
#include "tds_packet.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace mssql_sim::tds {

namespace {

bool known_client_type(std::uint8_t type) {
  switch (static_cast<PacketType>(type)) {
    case PacketType::SqlBatch:
    case PacketType::Rpc:
    case PacketType::Attention:
    case PacketType::BulkLoad:
    case PacketType::TransMgr:
    case PacketType::Login7:
    case PacketType::Prelogin:
      return true;
    default:
      return false;
  }
}

}  // namespace

void PacketReader::read_exact(std::uint8_t* data, std::size_t size) {
  std::size_t done = 0;
  if (size > 0 && peeked_ >= 0) {
    data[0] = static_cast<std::uint8_t>(peeked_);
    peeked_ = -1;
    done = 1;
  }
  while (done < size) {
    const std::size_t n = transport_.read_some(data + done, size - done);
    if (n == 0) throw ProtocolError("connection closed inside a packet");
    done += n;
  }
}

bool PacketReader::peek_byte() {
  if (peeked_ >= 0) return true;
  std::uint8_t byte = 0;
  if (transport_.read_some(&byte, 1) == 0) return false;
  peeked_ = byte;
  return true;
}

Message PacketReader::read_one_message() {
  Message message;
  bool first = true;
  for (;;) {
    std::uint8_t header[kHeaderSize];
    read_exact(header, kHeaderSize);
    const std::size_t length = (std::size_t{header[2]} << 8) | header[3];
    if (length < kHeaderSize) throw ProtocolError("packet length below the header size");
    if (!known_client_type(header[0])) {
      throw ProtocolError("unknown packet type " + std::to_string(header[0]));
    }
    if (first) {
      message.type = static_cast<PacketType>(header[0]);
      message.status = header[1];
      first = false;
    } else if (static_cast<PacketType>(header[0]) != message.type) {
      throw ProtocolError("packet type changed inside a message");
    }
    const std::size_t body = length - kHeaderSize;
    if (message.payload.size() + body > max_message_bytes_) {
      throw ProtocolError("client message too large");
    }
    const std::size_t offset = message.payload.size();
    message.payload.resize(offset + body);
    read_exact(reinterpret_cast<std::uint8_t*>(message.payload.data() + offset), body);
    if (header[1] & kStatusEom) return message;
  }
}

std::optional<Message> PacketReader::read_message() {
  if (!queued_.empty()) {
    Message message = std::move(queued_.front());
    queued_.pop_front();
    return message;
  }
  // A close before the first byte ends the session quietly; one inside a packet is an error.
  if (!peek_byte()) return std::nullopt;
  return read_one_message();
}

bool PacketReader::attention_pending() {
  bool attention = false;
  while (peeked_ >= 0 || transport_.readable()) {
    if (!peek_byte()) throw ProtocolError("connection closed");
    Message message = read_one_message();
    if (message.type == PacketType::Attention) {
      attention = true;
    } else {
      queued_.push_back(std::move(message));
    }
  }
  return attention;
}

PacketWriter::PacketWriter(Transport& transport, std::uint16_t spid)
    : transport_(transport), spid_(spid) {
  buffer_.reserve(kMaxPacketSize + 1024);
  buffer_.assign(kHeaderSize, '\0');
}

void PacketWriter::set_packet_size(std::size_t size) {
  packet_size_ = std::clamp(size, kMinPacketSize, kMaxPacketSize);
}

void PacketWriter::bytes(std::string_view data) {
  if (data.size() < packet_size_) {
    buffer_.append(data);
    return;
  }
  // A large value goes out packet by packet instead of growing the buffer to its size.
  maybe_flush();
  while (!data.empty()) {
    const std::size_t n = std::min(packet_size_ - buffer_.size(), data.size());
    buffer_.append(data.substr(0, n));
    data.remove_prefix(n);
    if (!data.empty()) send_packet(packet_size_ - kHeaderSize, 0);
  }
}

void PacketWriter::send_packet(std::size_t payload_size, std::uint8_t status) {
  const std::size_t length = kHeaderSize + payload_size;
  auto* header = reinterpret_cast<std::uint8_t*>(buffer_.data());
  header[0] = static_cast<std::uint8_t>(PacketType::TabularResult);
  header[1] = status;
  header[2] = static_cast<std::uint8_t>(length >> 8);
  header[3] = static_cast<std::uint8_t>(length);
  header[4] = static_cast<std::uint8_t>(spid_ >> 8);
  header[5] = static_cast<std::uint8_t>(spid_);
  header[6] = packet_id_++;
  header[7] = 0;
  if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
  transport_.write_all(header, length);
  ++packets_sent_;
  // Keep what did not fit, right after the header space.
  const std::size_t rest = buffer_.size() - length;
  if (rest > 0) std::memmove(buffer_.data() + kHeaderSize, buffer_.data() + length, rest);
  buffer_.resize(kHeaderSize + rest);
}

void PacketWriter::maybe_flush() {
  while (buffer_.size() > packet_size_)
    send_packet(packet_size_ - kHeaderSize, 0);
}

void PacketWriter::end_message() {
  maybe_flush();
  send_packet(buffer_.size() - kHeaderSize, kStatusEom);
  packet_id_ = 1;
}

void PacketWriter::flush_without_eom() {
  maybe_flush();
  if (buffer_.size() > kHeaderSize) send_packet(buffer_.size() - kHeaderSize, 0);
}

void PacketWriter::discard() {
  buffer_.resize(kHeaderSize);
}

void StringTransport::write_all(const std::uint8_t* data, std::size_t size) {
  output_.append(reinterpret_cast<const char*>(data), size);
}

std::size_t StringTransport::read_some(std::uint8_t* data, std::size_t size) {
  const std::size_t n = std::min(size, input_.size() - position_);
  std::memcpy(data, input_.data() + position_, n);
  position_ += n;
  return n;
}

std::string frame_message(PacketType type, std::string_view payload, std::uint16_t spid,
                          std::size_t packet_size) {
  std::string out;
  const std::size_t body = packet_size - kHeaderSize;
  std::uint8_t id = 1;
  do {
    const std::size_t n = std::min(body, payload.size());
    const bool last = n == payload.size();
    const std::size_t length = kHeaderSize + n;
    const char header[kHeaderSize] = {
        static_cast<char>(type),        static_cast<char>(last ? kStatusEom : 0),
        static_cast<char>(length >> 8), static_cast<char>(length),
        static_cast<char>(spid >> 8),   static_cast<char>(spid),
        static_cast<char>(id++),        0};
    out.append(header, kHeaderSize);
    out.append(payload.substr(0, n));
    payload.remove_prefix(n);
    if (last) break;
  } while (true);
  return out;
}

std::string unframe(std::string_view packets) {
  std::string payload;
  while (!packets.empty()) {
    if (packets.size() < kHeaderSize) throw ProtocolError("truncated packet header");
    const std::size_t length = (std::size_t{static_cast<std::uint8_t>(packets[2])} << 8) |
                               static_cast<std::uint8_t>(packets[3]);
    if (length < kHeaderSize || length > packets.size()) {
      throw ProtocolError("bad packet length");
    }
    payload.append(packets.substr(kHeaderSize, length - kHeaderSize));
    packets.remove_prefix(length);
  }
  return payload;
}

}  // namespace mssql_sim::tds
