// PostgreSQL's binary COPY stream around the tuples (header and trailer), and a reader that
// cuts a stream arriving in chunks back into whole tuples.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace etl::postgres {

//! The 19 bytes a binary COPY stream starts with: signature, flags (0), extension length (0).
std::string_view copy_header();

//! The 2 bytes that end a binary COPY stream: a field count of -1.
std::string_view copy_trailer();

//! Takes a binary COPY stream in chunks of any size and hands back the whole tuples received
//! so far, without the header and trailer. Throws std::runtime_error on a malformed stream.
class CopyTupleReader {
 public:
  //! Adds a chunk; returns the tuples it completed (consecutive, valid until the next call).
  std::string_view feed(std::string_view chunk);

  //! Whether the trailer arrived.
  bool finished() const { return finished_; }

  //! Whether every byte received belongs to a whole tuple, the header or the trailer.
  bool complete() const { return finished_ && buffer_.size() == consumed_; }

 private:
  bool skip_header();
  std::size_t whole_tuples_end();

  std::string buffer_;
  std::size_t consumed_ = 0;  //!< bytes of buffer_ already handed back
  bool header_done_ = false;
  bool finished_ = false;
};

}  // namespace etl::postgres
