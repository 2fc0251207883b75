# Installation and the CMake package `mealy` (included by the top-level
# CMakeLists.txt when MEALY_INSTALL is on).
#
# What is installed, under the prefix:
#
#   bin/mealyc                               the compiler (schema, codegen, viz and
#                                            cli libraries linked in statically;
#                                            Graphviz's shared libraries from the system)
#   bin/mealy                                the operator's tool (runtime/tool/; the
#                                            schema library and the runtime linked in)
#   lib/libmealy_runtime.{a,so}              what applications and generated code link
#   lib/libmealy_http.{a,so}                 the HTTP server (runtime/http/)
#   include/mealy/*.hpp, include/mealy/http/*.hpp
#                                            the public headers, nothing else
#   lib/cmake/mealy/mealyConfig.cmake        find_package(mealy CONFIG)
#   lib/cmake/mealy/mealyConfigVersion.cmake same major version, this one or newer
#   lib/cmake/mealy/mealyTargets*.cmake      mealy::runtime, mealy::http, mealy::mealyc (imported)
#   lib/cmake/mealy/MealyGenerate.cmake      mealy_generate(), as in the source tree
#
# The schema library, the emitters, mealy_viz and mealy_cli are internal: consumers never
# link them, so they are neither installed nor exported.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MEALY_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/mealy"
    CACHE STRING "Where the CMake package files of mealy are installed, under the prefix")
mark_as_advanced(MEALY_INSTALL_CMAKEDIR)

# mealyc and mealy must run from the prefix with nothing else of ours beside them.
get_property(codegen_targets GLOBAL PROPERTY MEALY_CODEGEN_TARGETS)
list(TRANSFORM codegen_targets PREPEND mealy_codegen_)
foreach(internal IN ITEMS mealy_schema mealy_tool mealy_cli mealy_codegen_common mealy_codegen_target
                          mealy_codegen_targets ${codegen_targets} mealy_printer mealy_viz)
  get_target_property(type ${internal} TYPE)
  if(NOT type STREQUAL "STATIC_LIBRARY")
    message(FATAL_ERROR "${internal} is a ${type}: it must be static, as mealyc is installed alone")
  endif()
endforeach()

# Exported names: mealy::runtime and mealy::mealyc, as the aliases in the tree,
# so that mealy_generate() and consumers read the same in both cases. The
# runtime may be static (the default) or shared (BUILD_SHARED_LIBS); static, it
# is position-independent so that consumers may link it into shared libraries.
set_target_properties(mealy_runtime PROPERTIES
  EXPORT_NAME runtime
  POSITION_INDEPENDENT_CODE ON
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})  # 0.x: minors break ABI
set_target_properties(mealyc PROPERTIES EXPORT_NAME mealyc)
# mealy::http: Boost is private and header-only, so consumers need none.
set_target_properties(mealy_http PROPERTIES
  EXPORT_NAME http
  POSITION_INDEPENDENT_CODE ON
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})

install(TARGETS mealy_runtime mealy_http mealyc
  EXPORT mealyTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
# The installed INTERFACE_INCLUDE_DIRECTORIES is the runtime's own
# $<INSTALL_INTERFACE:include>.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/mealy
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(FILES ${MEALY_VERSION_INCLUDE_DIR}/mealy/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mealy)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/http/include/mealy
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")

# The operator's tool: a program, not part of the CMake package.
install(TARGETS mealy RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT mealyTargets
  NAMESPACE mealy::
  FILE mealyTargets.cmake
  DESTINATION ${MEALY_INSTALL_CMAKEDIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/mealyConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mealyConfig.cmake
  INSTALL_DESTINATION ${MEALY_INSTALL_CMAKEDIR}
  NO_SET_AND_CHECK_MACRO
  NO_CHECK_REQUIRED_COMPONENTS_MACRO)
# Before 1.0 a minor version may break the generated code's API, hence
# SameMinorVersion; from 1.0 on, SameMajorVersion.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/mealyConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/mealyConfig.cmake
  ${PROJECT_BINARY_DIR}/mealyConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/MealyGenerate.cmake
  DESTINATION ${MEALY_INSTALL_CMAKEDIR})
