# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# The SEQEX model as the contrib module "seqex" of a waf-era ns-3 (<= 3.35;
# ns-3.35 verified by hand, doc/seqex.rst "Validation"; older not tried),
# with the sans-IO core compiled in (not the verification tools of verify/,
# which only the TestSuite uses). The file lists must equal
# cmake/seqex-sources.cmake: a ctest (tests/ns3) compares them.


def build(bld):
    module = bld.create_ns3_module('seqex', ['core', 'network', 'internet', 'applications'])
    module.source = [
        'model/core/seqex-wire.cc',
        'model/seqex-application.cc',
        'model/seqex-exchange-data.cc',
        'model/seqex-exchange-workload.cc',
        'model/seqex-header.cc',
        'model/seqex-message.cc',
        'model/seqex-transport.cc',
        'model/seqex-workload-application.cc',
        'helper/seqex-helper.cc',
    ]

    # The TestSuite and the verification tools it uses (verify/: not part of
    # the module, their headers found by their own names).
    module_test = bld.create_ns3_module_test_library('seqex')
    module_test.source = [
        'test/seqex-test-suite.cc',
        'verify/seqex-invariant-checker.cc',
        'verify/seqex-invariant-recorder.cc',
    ]
    module_test.includes = ['verify', 'model/core']

    headers = bld(features='ns3header')
    headers.module = 'seqex'
    headers.source = [
        'model/core/seqex-address-probe.h',
        'model/core/seqex-answer-room.h',
        'model/core/seqex-answer.h',
        'model/core/seqex-cold.h',
        'model/core/seqex-config.h',
        'model/core/seqex-counters.h',
        'model/core/seqex-delivery-pump.h',
        'model/core/seqex-delivery.h',
        'model/core/seqex-endpoint.h',
        'model/core/seqex-fifo.h',
        'model/core/seqex-names.h',
        'model/core/seqex-packet.h',
        'model/core/seqex-receive-window.h',
        'model/core/seqex-resend-timer.h',
        'model/core/seqex-retransmit-timers.h',
        'model/core/seqex-send-window.h',
        'model/core/seqex-seq-slots.h',
        'model/core/seqex-seq.h',
        'model/core/seqex-time.h',
        'model/core/seqex-wire.h',
        'model/seqex-application.h',
        'model/seqex-exchange-data.h',
        'model/seqex-exchange-workload.h',
        'model/seqex-header.h',
        'model/seqex-message.h',
        'model/seqex-transport.h',
        'model/seqex-workload-application.h',
        'helper/seqex-helper.h',
        'helper/seqex-lambda-callback.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
