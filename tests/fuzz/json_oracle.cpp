// The oracle of json_oracle.hpp. Straightforward on purpose: byte by byte,
// recursion per nested value (bounded by max_depth), a std::set per object.
#include "json_oracle.hpp"

#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <set>

namespace mealy::fuzz {
namespace {

class Checker {
 public:
  Checker(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  OracleResult run() {
    space();
    if (!value(0)) return {false, why_};
    space();
    if (at_ != text_.size())
      return {false, "content after the value at byte " + std::to_string(at_)};
    return {true, {}};
  }

 private:
  bool fail(std::string what) {
    if (why_.empty()) why_ = what + " at byte " + std::to_string(at_);
    return false;
  }
  [[nodiscard]] bool end() const { return at_ >= text_.size(); }
  [[nodiscard]] unsigned char peek() const { return static_cast<unsigned char>(text_[at_]); }

  void space() {
    while (!end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++at_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return fail("bad literal");
    at_ += word.size();
    return true;
  }

  bool value(std::size_t depth) {
    if (end()) return fail("missing value");
    switch (peek()) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"': {
        std::string ignored;
        return string(ignored);
      }
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  bool object(std::size_t depth) {
    if (depth + 1 > max_depth_) return fail("too deep");
    ++at_;
    std::set<std::string> keys;
    space();
    if (!end() && peek() == '}') {
      ++at_;
      return true;
    }
    while (true) {
      space();
      if (end() || peek() != '"') return fail("expected a key");
      std::string key;
      if (!string(key)) return false;
      if (!keys.insert(key).second) return fail("duplicate key");
      space();
      if (end() || peek() != ':') return fail("expected ':'");
      ++at_;
      space();
      if (!value(depth + 1)) return false;
      space();
      if (end()) return fail("unclosed object");
      if (peek() == ',') {
        ++at_;
        continue;
      }
      if (peek() == '}') {
        ++at_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  bool array(std::size_t depth) {
    if (depth + 1 > max_depth_) return fail("too deep");
    ++at_;
    space();
    if (!end() && peek() == ']') {
      ++at_;
      return true;
    }
    while (true) {
      space();
      if (!value(depth + 1)) return false;
      space();
      if (end()) return fail("unclosed array");
      if (peek() == ',') {
        ++at_;
        continue;
      }
      if (peek() == ']') {
        ++at_;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  static void append_utf8(std::string& out, unsigned long code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool hex4(unsigned long& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      if (end()) return fail("short \\u escape");
      unsigned char c = peek();
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return fail("bad hex digit");
      }
      out = out * 16 + digit;
      ++at_;
    }
    return true;
  }

  // One UTF-8 sequence starting at at_, appended to `out`.
  bool utf8(std::string& out) {
    const unsigned char lead = peek();
    std::size_t length = 0;
    unsigned long code = 0, minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2, code = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3, code = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4, code = lead & 0x07, minimum = 0x10000;
    } else {
      return fail("bad UTF-8 lead byte");
    }
    if (at_ + length > text_.size()) return fail("truncated UTF-8");
    for (std::size_t i = 1; i < length; ++i) {
      const unsigned char c = static_cast<unsigned char>(text_[at_ + i]);
      if ((c & 0xC0) != 0x80) return fail("bad UTF-8 continuation");
      code = (code << 6) | (c & 0x3F);
    }
    if (code < minimum) return fail("overlong UTF-8");
    if (code >= 0xD800 && code <= 0xDFFF) return fail("UTF-8 encoded surrogate");
    if (code > 0x10FFFF) return fail("UTF-8 past U+10FFFF");
    out.append(text_.substr(at_, length));
    at_ += length;
    return true;
  }

  bool string(std::string& out) {
    ++at_;  // the opening quote
    while (true) {
      if (end()) return fail("unclosed string");
      const unsigned char c = peek();
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c < 0x20) return fail("control character in a string");
      if (c >= 0x80) {
        if (!utf8(out)) return false;
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++at_;
        continue;
      }
      ++at_;
      if (end()) return fail("unclosed escape");
      const char e = static_cast<char>(peek());
      ++at_;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned long code = 0;
          if (!hex4(code)) return false;
          if (code >= 0xDC00 && code <= 0xDFFF) return fail("lone low surrogate");
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (text_.substr(at_, 2) != "\\u") return fail("lone high surrogate");
            at_ += 2;
            unsigned long low = 0;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("high surrogate without a low one");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          return fail("bad escape");
      }
    }
  }

  bool digits() {
    const std::size_t start = at_;
    while (!end() && peek() >= '0' && peek() <= '9')
      ++at_;
    return at_ > start;
  }

  bool number() {
    const std::size_t start = at_;
    if (!end() && peek() == '-') ++at_;
    if (end()) return fail("bad number");
    if (peek() == '0') {
      ++at_;
    } else if (!digits()) {
      return fail("bad number");
    }
    if (!end() && peek() == '.') {
      ++at_;
      if (!digits()) return fail("bad fraction");
    }
    if (!end() && (peek() == 'e' || peek() == 'E')) {
      ++at_;
      if (!end() && (peek() == '+' || peek() == '-')) ++at_;
      if (!digits()) return fail("bad exponent");
    }
    const std::string token(text_.substr(start, at_ - start));
    errno = 0;
    const double parsed = std::strtod(token.c_str(), nullptr);
    if (std::isinf(parsed)) return fail("number beyond float64");
    return true;
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t at_ = 0;
  std::string why_;
};

}  // namespace

OracleResult check_json(std::string_view text, std::size_t max_depth) {
  return Checker(text, max_depth).run();
}

}  // namespace mealy::fuzz
