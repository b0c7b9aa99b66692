# Checks the build inside an ns-3 source tree (CMakeLists.txt's build_lib call)
# without one: stub build_lib / build_lib_example record their arguments the
# way ns-3.37's macros parse them; the check then verifies the module name,
# that every listed file exists, that the lists are the project's, and the
# ns-3 libraries the module links.
#   cmake -DSEQEX_ROOT=<project root> -P check-in-tree-build.cmake
cmake_minimum_required(VERSION 3.16) # script mode: the policies of if(IN_LIST)
include(${CMAKE_CURRENT_LIST_DIR}/seqex-list-compare.cmake)

# ns-3 names each module's library target in a variable lib<module>.
foreach(module core network internet applications point-to-point seqex)
  set(lib${module} lib${module})
endforeach()

set_property(GLOBAL PROPERTY seqex_build_lib_calls 0)
function(build_lib)
  cmake_parse_arguments(BLIB "IGNORE_PCH" "LIBNAME"
    "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK;TEST_SOURCES;DEPRECATED_HEADER_FILES;MODULE_ENABLED_FEATURES"
    ${ARGN})
  if(BLIB_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "build_lib: unknown arguments ${BLIB_UNPARSED_ARGUMENTS}")
  endif()
  get_property(calls GLOBAL PROPERTY seqex_build_lib_calls)
  math(EXPR calls "${calls} + 1")
  set_property(GLOBAL PROPERTY seqex_build_lib_calls ${calls})
  foreach(field LIBNAME SOURCE_FILES HEADER_FILES LIBRARIES_TO_LINK TEST_SOURCES)
    set_property(GLOBAL PROPERTY seqex_${field} "${BLIB_${field}}")
  endforeach()
endfunction()

set_property(GLOBAL PROPERTY seqex_examples "")
function(build_lib_example)
  cmake_parse_arguments(BLIB_EXAMPLE "IGNORE_PCH" "NAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK" ${ARGN})
  foreach(src ${BLIB_EXAMPLE_SOURCE_FILES})
    if(NOT EXISTS ${CMAKE_CURRENT_LIST_DIR}/${src})
      message(FATAL_ERROR "build_lib_example ${BLIB_EXAMPLE_NAME}: ${src} does not exist")
    endif()
  endforeach()
  if(NOT "libseqex" IN_LIST BLIB_EXAMPLE_LIBRARIES_TO_LINK)
    message(FATAL_ERROR "build_lib_example ${BLIB_EXAMPLE_NAME}: does not link \${libseqex}")
  endif()
  set_property(GLOBAL APPEND PROPERTY seqex_examples ${BLIB_EXAMPLE_NAME})
endfunction()

# What ns-3 does: the module's CMakeLists.txt (ours calls build_lib when it
# exists, and returns), then build_lib adds examples/.
include(${SEQEX_ROOT}/CMakeLists.txt)
include(${SEQEX_ROOT}/examples/CMakeLists.txt)

get_property(calls GLOBAL PROPERTY seqex_build_lib_calls)
if(NOT calls EQUAL 1)
  message(FATAL_ERROR "CMakeLists.txt calls build_lib ${calls} times, not once")
endif()

# Before any of that, ns-3 (3.37, recursive_dependency) decides which modules
# to enable for a contrib module by reading the ${lib...} names in the text
# of its CMakeLists.txt, with this regular expression: enabling only seqex
# must enable everything the module links.
file(READ ${SEQEX_ROOT}/CMakeLists.txt top_level_text)
string(REGEX MATCHALL "{lib[^}]*[^obj]}" scanned "${top_level_text}")
foreach(module core network internet applications)
  if(NOT "{lib${module}}" IN_LIST scanned)
    message(FATAL_ERROR "CMakeLists.txt does not name \${lib${module}}: ns-3 would not enable ${module} for seqex")
  endif()
endforeach()
foreach(field LIBNAME SOURCE_FILES HEADER_FILES LIBRARIES_TO_LINK TEST_SOURCES)
  get_property(${field} GLOBAL PROPERTY seqex_${field})
endforeach()
if(NOT LIBNAME STREQUAL "seqex")
  message(FATAL_ERROR "build_lib: LIBNAME is '${LIBNAME}', not 'seqex'")
endif()

include(${SEQEX_ROOT}/cmake/seqex-sources.cmake)
set(expected_sources ${SEQEX_CORE_SOURCES} ${SEQEX_MODEL_SOURCES})
set(expected_headers ${SEQEX_CORE_HEADERS} ${SEQEX_CORE_INTERNAL_HEADERS} ${SEQEX_MODEL_HEADERS})
set(expected_tests ${SEQEX_MODEL_TEST_SOURCES} ${SEQEX_MODEL_TEST_VERIFY_SOURCES})
set(report "")
foreach(pair "SOURCE_FILES;expected_sources" "HEADER_FILES;expected_headers"
             "TEST_SOURCES;expected_tests")
  list(GET pair 0 field)
  list(GET pair 1 expected)
  if(NOT ${field})
    message(FATAL_ERROR "build_lib: ${field} is empty")
  endif()
  seqex_require_files("build_lib ${field}" ${SEQEX_ROOT} ${field})
  seqex_compare_lists("${field}" build_lib ${field} cmake/seqex-sources.cmake ${expected} problems)
  string(APPEND report "${problems}")
endforeach()
if(NOT report STREQUAL "")
  message(FATAL_ERROR "build_lib's lists differ from cmake/seqex-sources.cmake:\n${report}")
endif()
# Headers are copied flat into ns3/: two with one name would collide.
set(names "")
foreach(h ${HEADER_FILES})
  get_filename_component(name ${h} NAME)
  if(name IN_LIST names)
    message(FATAL_ERROR "build_lib: two headers named ${name}")
  endif()
  list(APPEND names ${name})
endforeach()
# The verification tools are the TestSuite's, never the module's.
foreach(f ${SOURCE_FILES} ${HEADER_FILES})
  if(f MATCHES "^verify/")
    message(FATAL_ERROR "build_lib: ${f} is a verification tool, not part of the module")
  endif()
endforeach()
foreach(lib libcore libnetwork libinternet libapplications)
  if(NOT lib IN_LIST LIBRARIES_TO_LINK)
    message(FATAL_ERROR "build_lib: LIBRARIES_TO_LINK lacks \${${lib}}")
  endif()
endforeach()
get_property(examples GLOBAL PROPERTY seqex_examples)
# Every examples/*.cc is an example program of the module.
file(GLOB example_sources RELATIVE ${SEQEX_ROOT}/examples ${SEQEX_ROOT}/examples/*.cc)
foreach(source ${example_sources})
  string(REGEX REPLACE "\\.cc$" "" name ${source})
  if(NOT name IN_LIST examples)
    message(FATAL_ERROR "examples/CMakeLists.txt does not build ${name} with build_lib_example")
  endif()
endforeach()
list(LENGTH SOURCE_FILES n_sources)
list(LENGTH HEADER_FILES n_headers)
message(STATUS "in-tree build_lib: module seqex, ${n_sources} sources, ${n_headers} headers, examples: ${examples}")
