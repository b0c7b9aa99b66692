// The `seqex` Python module: the core endpoint (bytes API) and, when built
// with ns-3, the scenario runner.
#include "seqex-python.h"

namespace py = pybind11;

PYBIND11_MODULE(seqex, m)
{
    m.doc() = "SEQEX reference core and scenario runner";
    py::register_exception<seqex::python::WindowFull>(m, "WindowFull");
    py::register_exception<seqex::python::AnswerError>(m, "AnswerError");
    py::register_exception<seqex::python::MalformedDatagram>(m, "MalformedDatagram");
    seqex::python::BindEndpoint(m);
}
