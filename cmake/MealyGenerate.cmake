# mealy_generate(TARGET <target> SCHEMAS <schema.yaml>... [CPP_OUT <dir>] [TS_OUT <dir>]
#                [DOT_OUT <dir> [SVG]] [OUT <lang> <dir>]...)
#
# Runs `mealyc generate` at build time and adds the generated C++ to <target>:
# for each schema <name>.yaml, <name>.mealy.hpp and <name>.mealy.cpp in
# CPP_OUT (default: <build dir>/mealy/<target>), whose folder becomes an
# include directory of <target>, which also links mealy::runtime.
#
# With TS_OUT, the same command also writes the TypeScript: <name>.mealy.ts
# for each schema and the support module mealy.ts, in TS_OUT (see
# codegen/README.md); give each mealy_generate() its own TS_OUT, as each
# writes mealy.ts there. When <target> is a custom target (add_custom_target),
# only the TypeScript (and diagrams) are generated, for a web client's build
# to pick up:
#
#   add_custom_target(web_types ALL)
#   mealy_generate(TARGET web_types SCHEMAS money.yaml order.yaml TS_OUT ${CMAKE_SOURCE_DIR}/web/src/generated)
#
# DOT_OUT: the same command also draws the machine of each aggregate <Agg> of
# a schema into <dir>, as <name>.<Agg>.dot, and with SVG also rendered as
# <name>.<Agg>.svg (for documentation built with the project). They follow the
# schemas like the code does, but are not declared as outputs (their names
# depend on the aggregates in the schemas): nothing is compiled from them and
# a clean leaves them.
#
# OUT <lang> <dir>: the same command also writes what the target <lang> of
# `mealyc generate --out <lang>=<dir>` generates (see `mealyc generate
# --help` for the targets), for example `OUT jsonschema ${CMAKE_BINARY_DIR}/schemas`.
# OUT cpp <dir> is CPP_OUT <dir>, OUT ts <dir> is TS_OUT <dir>; the files of
# other targets are not declared as outputs, as DOT_OUT's are not.
#
# Every imported schema must be generated too, as a schema's generated header
# includes those of its imports (and a module imports theirs): list it in
# SCHEMAS, or in the mealy_generate() of a library that <target> links. The
# code is regenerated only when a schema, one of its imports (through mealyc's
# dependency file) or mealyc itself changed. Schema paths are passed relative
# to the current source folder, so that generated files name them without
# absolute paths.
#
# Works in mealy's own tree, in a project that adds mealy with add_subdirectory()
# (mealy::mealyc is then built first, and a new mealyc regenerates), and from the
# installed package (find_package(mealy CONFIG): mealy::mealyc is the imported
# executable, and a reinstalled mealyc regenerates).

# This file is also the script the custom command runs after mealyc (with -P
# and MEALY_STAMP defined): see mealy_generate() below.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED MEALY_STAMP)
  # mealyc's dependency file names the first generated header as its target;
  # Ninja wants the command's first output, the stamp. Rewrite the target,
  # keep the dependencies (everything after the first ": ").
  file(READ "${MEALY_MEALYC_DEPFILE}" dependencies)
  string(FIND "${dependencies}" ": " colon)
  if(colon EQUAL -1)
    message(FATAL_ERROR "mealy_generate: ${MEALY_MEALYC_DEPFILE} is not a dependency file")
  endif()
  string(SUBSTRING "${dependencies}" ${colon} -1 dependencies)
  string(REPLACE " " "\\ " target "${MEALY_STAMP}")
  file(WRITE "${MEALY_DEPFILE}" "${target}${dependencies}")
  file(TOUCH "${MEALY_STAMP}")
  return()
endif()

# A function runs with the policies of its definition, not of its caller: the
# depfile is read as CMake 3.20 and later read it, whatever the consumer's
# cmake_minimum_required() says.
cmake_policy(PUSH)
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)
endif()

function(mealy_generate)
  cmake_parse_arguments(ARG "SVG" "TARGET;CPP_OUT;TS_OUT;DOT_OUT" "SCHEMAS;OUT" ${ARGN})
  if(NOT ARG_TARGET OR NOT ARG_SCHEMAS)
    message(FATAL_ERROR "mealy_generate: TARGET and SCHEMAS are required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "mealy_generate: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  # OUT <lang> <dir> pairs: cpp and ts are CPP_OUT and TS_OUT; the others
  # become --out options.
  set(target_options "")
  list(LENGTH ARG_OUT out_length)
  math(EXPR odd "${out_length} % 2")
  if(odd)
    message(FATAL_ERROR "mealy_generate: OUT takes pairs of a target and a folder, got: ${ARG_OUT}")
  endif()
  while(ARG_OUT)
    list(POP_FRONT ARG_OUT lang dir)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    if(lang STREQUAL "cpp")
      set(ARG_CPP_OUT "${dir}")
    elseif(lang STREQUAL "ts")
      set(ARG_TS_OUT "${dir}")
    else()
      list(APPEND target_options --out "${lang}=${dir}")
    endif()
  endwhile()
  if(NOT ARG_CPP_OUT)
    set(ARG_CPP_OUT "${CMAKE_CURRENT_BINARY_DIR}/mealy/${ARG_TARGET}")
  endif()
  get_target_property(target_type ${ARG_TARGET} TYPE)
  set(with_cpp TRUE)
  if(target_type STREQUAL "UTILITY")
    if(NOT ARG_TS_OUT AND NOT ARG_DOT_OUT AND NOT target_options)
      message(FATAL_ERROR "mealy_generate: ${ARG_TARGET} is a custom target: give TS_OUT, DOT_OUT or OUT (it gets no C++)")
    endif()
    set(with_cpp FALSE)
  endif()
  set(diagram_options "")
  if(ARG_DOT_OUT)
    get_filename_component(dot_out "${ARG_DOT_OUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND diagram_options --dot-out "${dot_out}")
    if(ARG_SVG)
      list(APPEND diagram_options --svg-out "${dot_out}")
    endif()
  elseif(ARG_SVG)
    message(FATAL_ERROR "mealy_generate: SVG needs DOT_OUT <dir>, the folder to draw into")
  endif()

  set(outputs "")
  set(ts_outputs "")
  set(schemas "")
  set(relative_schemas "")
  foreach(schema IN LISTS ARG_SCHEMAS)
    get_filename_component(absolute "${schema}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    file(RELATIVE_PATH relative "${CMAKE_CURRENT_SOURCE_DIR}" "${absolute}")
    get_filename_component(stem "${schema}" NAME_WE)
    if(with_cpp)
      list(APPEND outputs "${ARG_CPP_OUT}/${stem}.mealy.hpp" "${ARG_CPP_OUT}/${stem}.mealy.cpp")
    endif()
    if(ARG_TS_OUT)
      list(APPEND ts_outputs "${ARG_TS_OUT}/${stem}.mealy.ts")
    endif()
    list(APPEND schemas "${absolute}")
    list(APPEND relative_schemas "${relative}")
  endforeach()

  # The stamp is the command's output; the generated files are byproducts,
  # which mealyc rewrites only when their content changes, so that Ninja
  # (restat) recompiles only what really changed. The second command (this
  # file as a script) touches the stamp and writes the dependency file that
  # names it. DEPENDS on mealy::mealyc is a dependency on its file, built or
  # imported.
  set(out_options "")
  if(with_cpp)
    list(APPEND out_options --cpp-out "${ARG_CPP_OUT}")
  endif()
  if(ARG_TS_OUT)
    list(APPEND out_options --ts-out "${ARG_TS_OUT}")
    list(APPEND ts_outputs "${ARG_TS_OUT}/mealy.ts")
  endif()
  set(languages "")
  if(with_cpp)
    list(APPEND languages "C++")
  endif()
  if(ARG_TS_OUT)
    list(APPEND languages "TypeScript")
  endif()
  foreach(option IN LISTS target_options)
    if(NOT option STREQUAL "--out")
      string(REGEX REPLACE "=.*" "" lang "${option}")
      list(APPEND languages "${lang}")
    endif()
  endforeach()
  if(NOT languages)
    set(languages "diagrams")
  endif()
  list(JOIN languages " and " languages)
  file(MAKE_DIRECTORY "${ARG_CPP_OUT}")  # the stamp and dependency files live there, C++ or not
  set(mealyc_depfile "${ARG_CPP_OUT}/${ARG_TARGET}.mealyc.d")
  set(depfile "${ARG_CPP_OUT}/${ARG_TARGET}.mealy.d")
  set(stamp "${ARG_CPP_OUT}/${ARG_TARGET}.mealy.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS ${outputs} ${ts_outputs}
    COMMAND mealy::mealyc generate ${out_options} ${diagram_options} ${target_options} --depfile "${mealyc_depfile}" ${relative_schemas}
    COMMAND ${CMAKE_COMMAND} "-DMEALY_MEALYC_DEPFILE=${mealyc_depfile}" "-DMEALY_DEPFILE=${depfile}"
            "-DMEALY_STAMP=${stamp}" -P "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
    DEPENDS ${schemas} mealy::mealyc "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
    DEPFILE "${depfile}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "mealyc: generating ${languages} for ${ARG_TARGET}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${stamp}" ${outputs})
  if(with_cpp)
    target_include_directories(${ARG_TARGET} PUBLIC "${ARG_CPP_OUT}")
    target_link_libraries(${ARG_TARGET} PUBLIC mealy::runtime)
  endif()
endfunction()

cmake_policy(POP)
