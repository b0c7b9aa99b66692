// The `seqex` Python module: the core endpoint (bytes API) and, when built
// with ns-3, the scenario runner.
#include "seqex-python.h"

namespace py = pybind11;

PYBIND11_MODULE(seqex, m)
{
    m.doc() = "SEQEX reference core (Endpoint, wire codec) and, when built with the ns-3 model, the scenario "
              "runner (scenarios, run_scenario). Without ns-3 the module is the core alone; "
              "HAS_SCENARIOS says which.";
    py::register_exception<seqex::python::WindowFull>(m, "WindowFull");
    py::register_exception<seqex::python::AnswerError>(m, "AnswerError");
    py::register_exception<seqex::python::MalformedDatagram>(m, "MalformedDatagram");
    seqex::python::BindEndpoint(m);
#ifdef SEQEX_PYTHON_WITH_SCENARIOS
    seqex::python::BindScenario(m);
    m.attr("HAS_SCENARIOS") = true;
#else
    m.attr("HAS_SCENARIOS") = false;
#endif
}
