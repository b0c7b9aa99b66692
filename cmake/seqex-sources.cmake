# Source lists shared by the standalone build, the in-tree ns-3 module build
# and the check that wscript lists the same files.

set(SEQEX_CORE_SOURCES
    model/core/seqex-invariant-checker.cc
    model/core/seqex-sim-link.cc
    model/core/seqex-sim-random.cc
    model/core/seqex-wire.cc
)

set(SEQEX_CORE_HEADERS
    model/core/seqex-answer.h
    model/core/seqex-cold.h
    model/core/seqex-config.h
    model/core/seqex-counters.h
    model/core/seqex-delivery.h
    model/core/seqex-endpoint.h
    model/core/seqex-fifo.h
    model/core/seqex-invariant-checker.h
    model/core/seqex-packet.h
    model/core/seqex-seq-ring.h
    model/core/seqex-seq.h
    model/core/seqex-sim-link.h
    model/core/seqex-sim-random.h
    model/core/seqex-wire.h
)

# The ns-3 model (needs ns-3): application, header, helper.
set(SEQEX_MODEL_SOURCES
    model/seqex-application.cc
    model/seqex-exchange-data.cc
    model/seqex-exchange-workload.cc
    model/seqex-header.cc
    model/seqex-message.cc
    model/seqex-transport.cc
    model/seqex-workload-application.cc
    helper/seqex-helper.cc
    helper/seqex-invariant-recorder.cc
)

set(SEQEX_MODEL_HEADERS
    model/seqex-application.h
    model/seqex-exchange-data.h
    model/seqex-exchange-workload.h
    model/seqex-header.h
    model/seqex-message.h
    model/seqex-transport.h
    model/seqex-workload-application.h
    helper/seqex-helper.h
    helper/seqex-invariant-recorder.h
    helper/seqex-lambda-callback.h
)

# The module's ns-3 TestSuite (ns-3's test.py in a source tree).
set(SEQEX_MODEL_TEST_SOURCES
    tests/ns3/in-tree/seqex-test-suite.cc
)
