# The ns-3 model against an installed ns-3 (Debian's 3.37): library
# seqex-ns3, the verification tools on it (seqex-verify-ns3), the examples,
# the scenarios, and (through tests/ns3) its tests.
# Only find_package works with Debian's ns-3 (its pkg-config files are broken).
find_package(ns3 REQUIRED)

foreach(header ${SEQEX_MODEL_HEADERS})
  configure_file(${header} ${SEQEX_INCLUDE_DIR}/ns3/ COPYONLY)
endforeach()

add_library(seqex-ns3 STATIC ${SEQEX_MODEL_SOURCES})
target_include_directories(seqex-ns3 PUBLIC $<BUILD_INTERFACE:${SEQEX_INCLUDE_DIR}>)
target_link_libraries(seqex-ns3 PUBLIC seqex-core ns3::libcore ns3::libnetwork ns3::libinternet
                                        ns3::libapplications)
# The imported targets do not carry these; without them NS_LOG_* and
# NS_ASSERT compile to nothing in our code.
target_compile_definitions(seqex-ns3 PUBLIC NS3_LOG_ENABLE NS3_ASSERT_ENABLE)

# The verification tools on the model (verify/CMakeLists.txt).
add_library(seqex-verify-ns3 STATIC ${SEQEX_VERIFY_NS3_SOURCES})
target_link_libraries(seqex-verify-ns3 PUBLIC seqex-verify seqex-ns3)

add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../examples ${CMAKE_BINARY_DIR}/examples)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../scenarios ${CMAKE_BINARY_DIR}/scenarios)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../emulate ${CMAKE_BINARY_DIR}/emulate)
