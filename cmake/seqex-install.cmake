# cmake --install [--prefix P]: the shipped libraries as the CMake package
# "seqex" (README "Install", doc/seqex.rst "Usage"). Nothing of verify/,
# tests, benchmarks, scenarios or the conformance suite is installed.
#   P/include/seqex/            the core's public headers        seqex::core
#   P/include/seqex/internal/   headers the public ones include (storage);
#                               not API, kept apart from it
#   P/include/seqex/ns3/        the ns-3 model's headers         seqex::ns3
#                               and one-line forwarders to the core's public
#                               headers, so ns-3 code includes every header
#                               of the module as "ns3/seqex-....h", as in an
#                               ns-3 source tree
#   P/lib/libseqex-core.a, P/lib/libseqex-ns3.a
#   P/lib/cmake/seqex/          seqexConfig.cmake, its version, the targets
# find_package(seqex REQUIRED) loads every installed component (ns3 needs
# ns-3's own CMake package); find_package(seqex REQUIRED COMPONENTS core)
# only the ns-3-free core.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(seqex_include ${CMAKE_INSTALL_INCLUDEDIR}/seqex)
set(seqex_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/seqex)

set_target_properties(seqex-core PROPERTIES EXPORT_NAME core)
target_include_directories(seqex-core INTERFACE $<INSTALL_INTERFACE:${seqex_include}>
                                                $<INSTALL_INTERFACE:${seqex_include}/internal>)
install(TARGETS seqex-core EXPORT seqexCoreTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${SEQEX_CORE_HEADERS} DESTINATION ${seqex_include})
install(FILES ${SEQEX_CORE_INTERNAL_HEADERS} DESTINATION ${seqex_include}/internal)
install(EXPORT seqexCoreTargets NAMESPACE seqex:: DESTINATION ${seqex_cmake_dir})

set(SEQEX_INSTALLED_COMPONENTS core)
if(TARGET seqex-ns3)
  list(APPEND SEQEX_INSTALLED_COMPONENTS ns3)
  set_target_properties(seqex-ns3 PROPERTIES EXPORT_NAME ns3)
  target_include_directories(seqex-ns3 INTERFACE $<INSTALL_INTERFACE:${seqex_include}>)
  install(TARGETS seqex-ns3 EXPORT seqexNs3Targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(FILES ${SEQEX_MODEL_HEADERS} DESTINATION ${seqex_include}/ns3)
  set(forwarders "")
  foreach(header ${SEQEX_CORE_HEADERS})
    get_filename_component(seqex_forwarded ${header} NAME)
    set(forwarder ${CMAKE_BINARY_DIR}/install-forwarders/ns3/${seqex_forwarded})
    configure_file(${CMAKE_CURRENT_LIST_DIR}/seqex-ns3-forwarder.h.in ${forwarder} @ONLY)
    list(APPEND forwarders ${forwarder})
  endforeach()
  install(FILES ${forwarders} DESTINATION ${seqex_include}/ns3)
  install(EXPORT seqexNs3Targets NAMESPACE seqex:: DESTINATION ${seqex_cmake_dir})
endif()

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/seqex-config.cmake.in
                              ${CMAKE_BINARY_DIR}/seqexConfig.cmake
                              INSTALL_DESTINATION ${seqex_cmake_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/seqexConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/seqexConfig.cmake ${CMAKE_BINARY_DIR}/seqexConfigVersion.cmake
        DESTINATION ${seqex_cmake_dir})
