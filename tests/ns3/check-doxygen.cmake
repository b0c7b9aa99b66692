# Fails unless the ns-3 glue's public headers (SEQEX_MODEL_HEADERS: model/
# and helper/, not the core) are documented in ns-3's Doxygen style: doxygen
# with ns-3's warning settings (doxygen/Doxyfile.in) must print no warning
# about them, and every class, struct, enum, function and constant at
# namespace scope must be in the module's group (\ingroup seqex).
#   cmake -DSEQEX_ROOT=<project root> -DNS3_INCLUDE_DIR=<dir holding ns3/>
#         -DWORK_DIR=<scratch dir> [-DDOXYGEN=<doxygen>] -P check-doxygen.cmake
cmake_minimum_required(VERSION 3.16)
include(${SEQEX_ROOT}/cmake/seqex-sources.cmake)

if(NOT DOXYGEN)
  find_program(DOXYGEN doxygen)
endif()
if(NOT DOXYGEN)
  message(FATAL_ERROR "check-doxygen: doxygen not found: install the Debian package doxygen "
                      "(scripts/install-deps.sh installs it)")
endif()

# ns-3 base classes whose documentation the glue's overrides inherit.
set(ns3_bases object-base.h object.h chunk.h header.h application.h)
set(inputs ${CMAKE_CURRENT_LIST_DIR}/doxygen/namespaces.h)
foreach(h ${ns3_bases})
  if(NOT EXISTS ${NS3_INCLUDE_DIR}/ns3/${h})
    message(FATAL_ERROR "check-doxygen: ns-3 header ${NS3_INCLUDE_DIR}/ns3/${h} not found")
  endif()
  list(APPEND inputs ${NS3_INCLUDE_DIR}/ns3/${h})
endforeach()
set(ours "")
foreach(h ${SEQEX_MODEL_HEADERS})
  list(APPEND ours ${SEQEX_ROOT}/${h})
endforeach()
list(APPEND inputs ${ours})

set(OUTPUT_DIR ${WORK_DIR})
file(REMOVE_RECURSE ${OUTPUT_DIR})
file(MAKE_DIRECTORY ${OUTPUT_DIR})
list(JOIN inputs " " INPUT_FILES)
configure_file(${CMAKE_CURRENT_LIST_DIR}/doxygen/Doxyfile.in ${OUTPUT_DIR}/Doxyfile @ONLY)
# Run from the project root: the XML names our files relative to it.
execute_process(COMMAND ${DOXYGEN} ${OUTPUT_DIR}/Doxyfile WORKING_DIRECTORY ${SEQEX_ROOT}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "check-doxygen: ${DOXYGEN} failed (${status}):\n${out}${err}")
endif()

# Warnings, each with its continuation lines; those about ns-3's own
# headers are dropped.
set(report "")
if(EXISTS ${OUTPUT_DIR}/warnings.log)
  file(STRINGS ${OUTPUT_DIR}/warnings.log lines)
  set(keep FALSE)
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^[ \t]")
      set(keep TRUE)
      string(FIND "${line}" "${NS3_INCLUDE_DIR}/ns3/" at)
      if(at EQUAL 0)
        set(keep FALSE)
      endif()
    endif()
    if(keep)
      string(REPLACE "${SEQEX_ROOT}/" "" line "${line}")
      string(APPEND report "${line}\n")
    endif()
  endforeach()
endif()
if(err MATCHES "warning|error")
  string(APPEND report "${err}")
endif()

# Namespace-scope entities of our headers outside the group. A compound's
# own location is the last one in its file; a grouped member's id starts
# with the group's.
set(xml ${OUTPUT_DIR}/xml)
file(READ ${xml}/group__seqex.xml group)
file(GLOB namespace_files ${xml}/namespace*.xml)
foreach(nsfile ${namespace_files})
  file(STRINGS ${nsfile} lines)
  set(member "")
  foreach(line IN LISTS lines)
    if(line MATCHES "<innerclass refid=\"([^\"]+)\"[^>]*>([^<]+)<")
      set(refid ${CMAKE_MATCH_1})
      set(name ${CMAKE_MATCH_2})
      file(STRINGS ${xml}/${refid}.xml locations REGEX "<location file=\"")
      list(GET locations -1 location)
      string(REGEX REPLACE ".*<location file=\"([^\"]+)\".*" "\\1" file "${location}")
      if(file IN_LIST SEQEX_MODEL_HEADERS AND NOT group MATCHES "<innerclass refid=\"${refid}\"")
        string(APPEND report "${file}: ${name} is not in the module's group (\\ingroup seqex)\n")
      endif()
    elseif(line MATCHES "<memberdef kind=\"([a-z]+)\" id=\"([^\"]+)\"")
      set(member ${CMAKE_MATCH_2})
    elseif(member AND line MATCHES "<qualifiedname>([^<]+)<")
      set(name ${CMAKE_MATCH_1})
    elseif(member AND line MATCHES "<location file=\"([^\"]+)\"")
      set(file ${CMAKE_MATCH_1})
      if(file IN_LIST SEQEX_MODEL_HEADERS AND NOT member MATCHES "^group__seqex_")
        string(APPEND report "${file}: ${name} is not in the module's group (\\ingroup seqex)\n")
      endif()
      set(member "")
    endif()
  endforeach()
endforeach()

list(LENGTH ours count)
if(report)
  message(FATAL_ERROR "check-doxygen: the public headers of the ns-3 model are not fully documented "
                      "(ns-3's Doxygen settings; the full log: ${OUTPUT_DIR}/warnings.log):\n${report}")
endif()
message(STATUS "check-doxygen: ${count} headers documented, no warning, every namespace-scope entity in group seqex")
