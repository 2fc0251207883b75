mealy_add_catch_test(checker_tests
  ${CMAKE_CURRENT_LIST_DIR}/checker_tables_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checker_names_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checker_constants_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workspace_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fingerprint_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema_test_support.cpp
  LIBS mealy::schema)
# The unit tests of the checker's helpers reach its private headers.
target_include_directories(checker_tests PRIVATE ${PROJECT_SOURCE_DIR}/schema/src)
