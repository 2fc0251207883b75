# Writes a C++ source defining `const std::string_view NAME[]` and
# `const std::size_t NAME_pieces` (in namespace mealy::codegen): the exact
# bytes of the file IN, in pieces, to OUT. Run with
# cmake -DIN=... -DOUT=... -DNAME=... -P embed_text.cmake
# Each piece is a raw string literal of at most 60,000 bytes: C++ compilers
# need support no longer literal (65,536), and clang says so under -Wpedantic
# (-Woverlength-strings). The file must not contain the delimiter
# )MEALY_EMBED".
file(READ "${IN}" text)
string(FIND "${text}" ")MEALY_EMBED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter )MEALY_EMBED\"")
endif()
string(LENGTH "${text}" length)
set(piece_size 60000)
set(pieces "")
set(count 0)
set(start 0)
while(start LESS length)
  string(SUBSTRING "${text}" ${start} ${piece_size} piece)
  string(APPEND pieces "    R\"MEALY_EMBED(${piece})MEALY_EMBED\",\n")
  math(EXPR start "${start} + ${piece_size}")
  math(EXPR count "${count} + 1")
endwhile()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_text.cmake. Do not edit.
#include <cstddef>
#include <string_view>

namespace mealy::codegen {
extern const std::string_view ${NAME}[];
extern const std::size_t ${NAME}_pieces;
const std::string_view ${NAME}[] = {
${pieces}};
const std::size_t ${NAME}_pieces = ${count};
}  // namespace mealy::codegen
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
