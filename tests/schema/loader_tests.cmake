# The loader's tests go through load_schema only; no private headers.
mealy_add_catch_test(loader_tests
  ${CMAKE_CURRENT_LIST_DIR}/loader_example_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_yaml_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_shape_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_type_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_robustness_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_test_support.cpp
  LIBS mealy::schema)
