# Writes a C++ source defining `const char* const NAME` (in namespace
# mealy::codegen) with the exact bytes of the file IN, to OUT. Run with
# cmake -DIN=... -DOUT=... -DNAME=... -P embed_text.cmake
# The text goes into a raw string literal; the file must not contain its
# delimiter )MEALY_EMBED".
file(READ "${IN}" text)
string(FIND "${text}" ")MEALY_EMBED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter )MEALY_EMBED\"")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_text.cmake. Do not edit.\nnamespace mealy::codegen {\nextern const char* const ${NAME};\nconst char* const ${NAME} = R\"MEALY_EMBED(${text})MEALY_EMBED\";\n}  // namespace mealy::codegen\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
