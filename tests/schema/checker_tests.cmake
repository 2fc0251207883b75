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

# Capped work, counted (issue 13): the loader's budgets and the checker's
# suggestion budget bound what is done, not only what is said. Its own
# program: it replaces the global operator new to count allocated bytes.
mealy_add_catch_test(schema_work_tests
  ${CMAKE_CURRENT_LIST_DIR}/work_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_test_support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema_test_support.cpp
  LIBS mealy::schema mealy_cli)
target_include_directories(schema_work_tests PRIVATE ${PROJECT_SOURCE_DIR}/schema/src
                           ${PROJECT_SOURCE_DIR}/codegen/mealyc)
