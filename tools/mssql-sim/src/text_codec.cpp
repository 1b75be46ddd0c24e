// Text encodings: WTF-8 (the simulator's in-memory text) to and from the collations' code
// pages through glibc iconv, and to and from UTF-16LE with lone surrogates preserved.
#include <errno.h>
#include <iconv.h>

#include <map>
#include <memory>
#include <string>

#include "collation.h"

namespace mssql_sim {
namespace {

bool is_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Decodes one WTF-8 sequence at `i`; malformed bytes read as U+FFFD, one byte each.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  char32_t code = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return code;
}

const char* iconv_name(int code_page) {
  switch (code_page) {
    case 437:
      return "CP437";
    case 850:
      return "CP850";
    case 874:
      return "CP874";
    case 932:
      return "CP932";
    case 936:
      return "CP936";
    case 949:
      return "CP949";
    case 950:
      return "CP950";
    case 1250:
      return "CP1250";
    case 1251:
      return "CP1251";
    case 1253:
      return "CP1253";
    case 1254:
      return "CP1254";
    case 1255:
      return "CP1255";
    case 1256:
      return "CP1256";
    case 1257:
      return "CP1257";
    case 1258:
      return "CP1258";
    default:
      return "CP1252";
  }
}

// iconv descriptors are not thread-safe: each thread keeps its own, opened once.
struct IconvCloser {
  void operator()(void* handle) const { iconv_close(static_cast<iconv_t>(handle)); }
};
using IconvHandle = std::unique_ptr<void, IconvCloser>;

iconv_t converter(int code_page, bool to_code_page) {
  thread_local std::map<std::pair<int, bool>, IconvHandle> cache;
  auto& slot = cache[{code_page, to_code_page}];
  if (!slot) {
    iconv_t handle = to_code_page ? iconv_open(iconv_name(code_page), "UTF-8")
                                  : iconv_open("UTF-8", iconv_name(code_page));
    if (handle == reinterpret_cast<iconv_t>(-1)) return handle;
    slot.reset(handle);
  }
  return static_cast<iconv_t>(slot.get());
}

// Converts one character (or byte run) with iconv; false when the target lacks it.
bool convert_piece(iconv_t handle, std::string_view piece, std::string& out) {
  char buffer[16];
  char* in = const_cast<char*>(piece.data());
  std::size_t in_left = piece.size();
  char* target = buffer;
  std::size_t out_left = sizeof(buffer);
  iconv(handle, nullptr, nullptr, nullptr, nullptr);
  if (iconv(handle, &in, &in_left, &target, &out_left) == static_cast<std::size_t>(-1)) {
    return false;
  }
  // Stateful converters (CP1258) hold a base letter back until told the input ended.
  iconv(handle, nullptr, nullptr, &target, &out_left);
  out.append(buffer, sizeof(buffer) - out_left);
  return true;
}

}  // namespace

std::string encode_code_page(std::string_view text, const Collation& collation) {
  const int page = code_page(collation);
  if (is_ascii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  if (page == 65001) {
    // UTF-8 data cannot hold a lone surrogate: it is stored as '?'.
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t start = i;
      const char32_t code = next_code_point(text, i);
      if ((code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFD) {
        out.push_back('?');
      } else {
        out.append(text.substr(start, i - start));
      }
    }
    return out;
  }
  iconv_t handle = converter(page, true);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t code = next_code_point(text, i);
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
      continue;
    }
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (surrogate || handle == reinterpret_cast<iconv_t>(-1) ||
        !convert_piece(handle, text.substr(start, i - start), out)) {
      out.push_back('?');
    }
  }
  return out;
}

std::string decode_code_page(std::string_view bytes, const Collation& collation) {
  const int page = code_page(collation);
  if (page == 65001 || is_ascii(bytes)) return std::string(bytes);
  iconv_t handle = converter(page, false);
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // Double-byte code pages: try the lead byte with its trail byte first.
    if (handle != reinterpret_cast<iconv_t>(-1)) {
      if (i + 1 < bytes.size() && (page == 932 || page == 936 || page == 949 || page == 950) &&
          convert_piece(handle, bytes.substr(i, 2), out)) {
        i += 2;
        continue;
      }
      if (convert_piece(handle, bytes.substr(i, 1), out)) {
        ++i;
        continue;
      }
    }
    out.push_back('?');
    ++i;
  }
  return out;
}

std::string to_utf16le(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  const auto unit = [&](char16_t u) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  };
  for (std::size_t i = 0; i < text.size();) {
    const char32_t code = next_code_point(text, i);
    if (code >= 0x10000) {
      unit(static_cast<char16_t>(0xD800 + ((code - 0x10000) >> 10)));
      unit(static_cast<char16_t>(0xDC00 + ((code - 0x10000) & 0x3FF)));
    } else {
      unit(static_cast<char16_t>(code));
    }
  }
  return out;
}

std::string from_utf16le(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const std::size_t units = bytes.size() / 2;
  const auto unit_at = [&](std::size_t k) {
    return static_cast<char16_t>(static_cast<unsigned char>(bytes[2 * k]) |
                                 (static_cast<unsigned char>(bytes[2 * k + 1]) << 8));
  };
  for (std::size_t k = 0; k < units; ++k) {
    const char16_t u = unit_at(k);
    if (u >= 0xD800 && u <= 0xDBFF && k + 1 < units) {
      const char16_t low = unit_at(k + 1);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_code_point(out,
                          0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (low - 0xDC00));
        ++k;
        continue;
      }
    }
    append_code_point(out, u);  // lone surrogates keep their 3-byte form
  }
  return out;
}

void append_code_point(std::string& out, char32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

}  // namespace mssql_sim
