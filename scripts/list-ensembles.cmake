cmake_minimum_required(VERSION 3.25)
# Writes OUTPUT with one SEI_ENSEMBLE_ENTRY(keyword) per SEI_ENSEMBLE(keyword) found at the start
# of a line in the md layer's sources (cmake -DSOURCES=a.cpp;b.cpp -DOUTPUT=... -P), touching it
# only when the list changes so that the registry is not recompiled for nothing.
set(entries "")
foreach(src ${SOURCES})
  file(STRINGS ${src} declarations REGEX "^SEI_ENSEMBLE\\([a-z_0-9]+\\)")
  foreach(d ${declarations})
    string(REGEX REPLACE "^SEI_ENSEMBLE\\(([a-z_0-9]+)\\).*" "SEI_ENSEMBLE_ENTRY(\\1)" entry "${d}")
    string(APPEND entries "${entry}\n")
  endforeach()
endforeach()
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL entries)
  file(WRITE ${OUTPUT} "${entries}")
endif()
