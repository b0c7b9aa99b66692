# In an ns-3 source tree (CMake era, ns-3.36+), with this project at
# contrib/seqex: the model is the contrib module "seqex" with the sans-IO
# core compiled in. Paths are relative to the module folder (the project
# root); ns-3 adds examples/ itself (examples/CMakeLists.txt uses
# build_lib_example there). tests/ns3 checks this call against a stub.
include(${CMAKE_CURRENT_LIST_DIR}/seqex-sources.cmake)

build_lib(
  LIBNAME seqex
  SOURCE_FILES ${SEQEX_CORE_SOURCES} ${SEQEX_MODEL_SOURCES}
  HEADER_FILES ${SEQEX_CORE_HEADERS} ${SEQEX_MODEL_HEADERS}
  LIBRARIES_TO_LINK ${libcore} ${libnetwork} ${libinternet} ${libapplications}
  TEST_SOURCES ${SEQEX_MODEL_TEST_SOURCES}
)
