# Source lists shared by the standalone build, the in-tree ns-3 module build
# and the check that wscript lists the same files.

# The sans-IO core (no ns-3), shipped. Its public headers are the API
# (installed to include/seqex/); the internal ones are storage and the
# Endpoint's parts that the public headers include (installed apart, to
# include/seqex/internal/).
set(SEQEX_CORE_SOURCES
    model/core/seqex-wire.cc
)

set(SEQEX_CORE_HEADERS
    model/core/seqex-address-probe.h
    model/core/seqex-answer.h
    model/core/seqex-config.h
    model/core/seqex-counters.h
    model/core/seqex-delivery.h
    model/core/seqex-endpoint.h
    model/core/seqex-names.h
    model/core/seqex-packet.h
    model/core/seqex-resend-timer.h
    model/core/seqex-seq.h
    model/core/seqex-time.h
    model/core/seqex-wire.h
)

set(SEQEX_CORE_INTERNAL_HEADERS
    model/core/seqex-answer-room.h
    model/core/seqex-cold.h
    model/core/seqex-delivery-pump.h
    model/core/seqex-fifo.h
    model/core/seqex-receive-window.h
    model/core/seqex-retransmit-timers.h
    model/core/seqex-send-window.h
    model/core/seqex-seq-slots.h
)

# The ns-3 model (needs ns-3): application, header, helper. Shipped.
set(SEQEX_MODEL_SOURCES
    model/seqex-application.cc
    model/seqex-exchange-data.cc
    model/seqex-exchange-workload.cc
    model/seqex-header.cc
    model/seqex-message.cc
    model/seqex-transport.cc
    model/seqex-workload-application.cc
    helper/seqex-helper.cc
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
    helper/seqex-lambda-callback.h
)

# Verification tools (verify/), never part of the shipped library: the
# SPEC §7 invariant checker, the simulated link and its random source (no
# ns-3; library seqex-verify), and the recorder feeding two applications'
# trace sources into the checker (ns-3; library seqex-verify-ns3).
set(SEQEX_VERIFY_SOURCES
    verify/seqex-invariant-checker.cc
    verify/seqex-sim-link.cc
    verify/seqex-sim-random.cc
)

set(SEQEX_VERIFY_HEADERS
    verify/seqex-invariant-checker.h
    verify/seqex-sim-link.h
    verify/seqex-sim-random.h
)

set(SEQEX_VERIFY_NS3_SOURCES
    verify/seqex-invariant-recorder.cc
)

set(SEQEX_VERIFY_NS3_HEADERS
    verify/seqex-invariant-recorder.h
)

# The module's ns-3 TestSuite (test/, where ns-3 keeps a module's tests; run
# by ns-3's test-runner in a source tree, by seqex-test-runner standalone).
set(SEQEX_MODEL_TEST_SOURCES
    test/seqex-test-suite.cc
)

# In an ns-3 source tree the verification tools the TestSuite uses are
# compiled into the module's test library (TEST_SOURCES), not into the module.
set(SEQEX_MODEL_TEST_VERIFY_SOURCES
    verify/seqex-invariant-checker.cc
    verify/seqex-invariant-recorder.cc
)
