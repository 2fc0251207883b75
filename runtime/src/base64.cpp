#include "base64.hpp"

#include <array>

namespace mealy::detail {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xFF;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table)
    entry = kInvalid;
  for (std::uint8_t i = 0; i < 64; ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = i;
  return table;
}
constexpr std::array<std::uint8_t, 256> kDecode = make_decode_table();

std::uint8_t sextet(char c) {
  return kDecode[static_cast<unsigned char>(c)];
}

}  // namespace

void append_base64(std::string& out, const std::uint8_t* data, std::size_t size) {
  const std::size_t start = out.size();
  out.resize(start + (size + 2) / 3 * 4);
  char* p = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t bits = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                               std::uint32_t{data[i + 2]};
    *p++ = kAlphabet[(bits >> 18) & 0x3F];
    *p++ = kAlphabet[(bits >> 12) & 0x3F];
    *p++ = kAlphabet[(bits >> 6) & 0x3F];
    *p++ = kAlphabet[bits & 0x3F];
  }
  if (size - i == 1) {
    const std::uint32_t bits = std::uint32_t{data[i]} << 16;
    *p++ = kAlphabet[(bits >> 18) & 0x3F];
    *p++ = kAlphabet[(bits >> 12) & 0x3F];
    *p++ = '=';
    *p++ = '=';
  } else if (size - i == 2) {
    const std::uint32_t bits = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
    *p++ = kAlphabet[(bits >> 18) & 0x3F];
    *p++ = kAlphabet[(bits >> 12) & 0x3F];
    *p++ = kAlphabet[(bits >> 6) & 0x3F];
    *p++ = '=';
  }
}

bool decode_base64(std::string_view text, Bytes& out) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  out.resize(text.size() / 4 * 3 - padding);
  const std::size_t full_quads = text.size() / 4 - (padding > 0 ? 1 : 0);
  std::size_t o = 0;
  for (std::size_t q = 0; q < full_quads; ++q) {
    const char* c = text.data() + q * 4;
    const std::uint8_t a = sextet(c[0]), b = sextet(c[1]), d = sextet(c[2]), e = sextet(c[3]);
    if (a == kInvalid || b == kInvalid || d == kInvalid || e == kInvalid) return false;
    const std::uint32_t bits = (std::uint32_t{a} << 18) | (std::uint32_t{b} << 12) |
                               (std::uint32_t{d} << 6) | std::uint32_t{e};
    out[o++] = static_cast<std::uint8_t>(bits >> 16);
    out[o++] = static_cast<std::uint8_t>(bits >> 8);
    out[o++] = static_cast<std::uint8_t>(bits);
  }
  if (padding == 0) return true;
  const char* c = text.data() + text.size() - 4;
  const std::uint8_t a = sextet(c[0]), b = sextet(c[1]);
  if (a == kInvalid || b == kInvalid) return false;
  if (padding == 2) {
    if ((b & 0x0F) != 0) return false;  // bits that no byte holds must be zero
    out[o] = static_cast<std::uint8_t>((a << 2) | (b >> 4));
    return true;
  }
  const std::uint8_t d = sextet(c[2]);
  if (d == kInvalid || (d & 0x03) != 0) return false;
  out[o++] = static_cast<std::uint8_t>((a << 2) | (b >> 4));
  out[o] = static_cast<std::uint8_t>(((b & 0x0F) << 4) | (d >> 2));
  return true;
}

}  // namespace mealy::detail
