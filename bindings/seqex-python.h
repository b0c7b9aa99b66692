// Pieces of the `seqex` Python module, one binder per file.
#ifndef SEQEX_PYTHON_H
#define SEQEX_PYTHON_H

#include <pybind11/pybind11.h>

#include <stdexcept>

namespace seqex
{
namespace python
{

// Raised as seqex.WindowFull, seqex.AnswerError, seqex.MalformedDatagram.
struct WindowFull : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

struct AnswerError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

struct MalformedDatagram : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

void BindEndpoint(pybind11::module_& m);

#ifdef SEQEX_PYTHON_WITH_SCENARIOS
// seqex.scenarios, seqex.run_scenario, seqex.ScenarioResult, seqex.InvariantViolation.
void BindScenario(pybind11::module_& m);
#endif

} // namespace python
} // namespace seqex

#endif
