// The `seqex` Python module: the core endpoint (bytes API) and, when built
// with ns-3, the scenario runner.
#include "seqex-python.h"

namespace py = pybind11;

// The compiled part of the `seqex` package (bindings/seqex/__init__.py
// re-exports it and adds the pure-Python parts: sweep, typed summaries).
PYBIND11_MODULE(_seqex, m)
{
    m.doc() = "The compiled part of the seqex package: the core endpoint and, with ns-3, the scenario runner.";
    py::register_exception<seqex::python::WindowFull>(m, "WindowFull").attr("__doc__") =
        "Endpoint.send was refused: the window is full (SPEC S4); retry after a resolution frees a slot.";
    py::register_exception<seqex::python::AnswerError>(m, "AnswerError").attr("__doc__") =
        "An answer handle refused an ack or reply: already answered, or the reply is not allowed.";
    py::register_exception<seqex::python::MalformedDatagram>(m, "MalformedDatagram").attr("__doc__") =
        "receive_datagram got bytes that are no valid SEQEX datagram; the message names the codec's reason "
        "(counted in counters['malformed_dropped']).";
    seqex::python::BindEndpoint(m);
#ifdef SEQEX_PYTHON_WITH_SCENARIOS
    seqex::python::BindScenario(m);
    m.attr("HAS_SCENARIOS") = true;
#else
    m.attr("HAS_SCENARIOS") = false;
#endif
}
