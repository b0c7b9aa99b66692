// Python view of the scenario runner (scenarios/lib): list the named
// scenarios, run one point with parameters, get its summary and per-exchange
// records back as Python objects. Built only with the ns-3 model.
//
// The summary and the records are read from the same text the results
// writer puts in <runId>.json and <runId>.exchanges.csv, so a run from Python
// and one from seqex-scenario report identical numbers under identical names
// (summary keys as the columns of summary.csv).
#include "seqex-python.h"

#include "seqex-flag-table.h"
#include "seqex-output-check.h"
#include "seqex-results-writer.h"
#include "seqex-scenario-catalog.h"
#include "seqex-scenario-config.h"
#include "seqex-scenario-runner.h"

#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace seqex
{
namespace python
{
namespace
{

using ns3::SeqexAssignments;
using ns3::SeqexFlagTable;
using ns3::SeqexRunIdentity;
using ns3::SeqexRunOutcome;
using ns3::SeqexScenarioConfig;

// ns-3's simulator and RNG state are process-wide: one run at a time, even
// when Python threads call in with the GIL released.
std::mutex g_simulatorMutex;

// Set by BindScenario: the seqex.InvariantViolation and seqex.NotDrained
// types.
PyObject* g_invariantViolation = nullptr;
PyObject* g_notDrained = nullptr;

struct ScenarioResult
{
    py::object summary = py::none(); // set by the Python layer from summaryJson
    std::string summaryJson;
    py::list exchanges;
    py::list timeline;
    py::list resets; // seconds since the simulation start
    std::vector<std::string> violations; // broken safety invariants (SPEC §7)
    std::vector<std::string> notDrained; // exchanges or windows still open after --heal
    std::string status;                  // the run's status, as its JSON says
    std::string command;

    bool Ok() const
    {
        return violations.empty() && notDrained.empty();
    }
};

// A Python keyword value as the text --name=value would carry.
std::string
FlagText(const py::handle& value)
{
    if (py::isinstance<py::bool_>(value))
    {
        return value.cast<bool>() ? "true" : "false";
    }
    if (py::isinstance<py::str>(value) || py::isinstance<py::int_>(value))
    {
        return py::str(value).cast<std::string>();
    }
    if (py::isinstance<py::float_>(value))
    {
        return py::repr(value).cast<std::string>(); // shortest round-trip form
    }
    throw py::type_error(std::string("a scenario parameter is a str, int, float or bool, not ") +
                         py::str(py::type::of(value).attr("__name__")).cast<std::string>());
}

// CSV text of numbers (header first) as a list of dicts: integers as int,
// others as float, empty cells as None.
py::list
CsvRecords(const std::string& csv)
{
    std::istringstream in(csv);
    std::string line;
    std::vector<std::string> header;
    py::list out;
    auto split = [](const std::string& s) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream is(s);
        while (std::getline(is, cell, ','))
        {
            cells.push_back(cell);
        }
        if (!s.empty() && s.back() == ',')
        {
            cells.emplace_back();
        }
        return cells;
    };
    while (std::getline(in, line))
    {
        if (header.empty())
        {
            header = split(line);
            continue;
        }
        std::vector<std::string> cells = split(line);
        py::dict rec;
        for (size_t i = 0; i < header.size(); ++i)
        {
            const std::string cell = i < cells.size() ? cells[i] : "";
            if (cell.empty())
            {
                rec[py::str(header[i])] = py::none();
            }
            else if (cell.find_first_of(".eE") == std::string::npos)
            {
                rec[py::str(header[i])] = py::int_(std::stoll(cell));
            }
            else
            {
                rec[py::str(header[i])] = py::float_(std::stod(cell));
            }
        }
        out.append(rec);
    }
    return out;
}

// The catalog and the flag table as seqex-scenario --list and --flags print
// them; bindings/seqex/__init__.py parses them.
std::string
FlagsJson()
{
    SeqexScenarioConfig config;
    SeqexFlagTable table;
    ns3::BindScenarioFlags(table, config, ns3::SeqexScenarioNames());
    return table.DescribeJson();
}

ScenarioResult
RunScenario(const std::string& name, py::object seed, py::object out, bool check, py::kwargs params)
{
    SeqexAssignments flags;
    flags.emplace_back("seed", FlagText(seed));
    for (auto item : params)
    {
        std::string flag = item.first.cast<std::string>();
        if (flag == "scenario" || flag == "out")
        {
            throw py::value_error("--" + flag + ": pass it as run_scenario's own argument");
        }
        flags.emplace_back(flag, FlagText(item.second));
    }
    if (!out.is_none())
    {
        flags.emplace_back("out", py::str(out).cast<std::string>());
    }

    if (ns3::FindSeqexScenario(name) == nullptr)
    {
        std::string names;
        for (const std::string& n : ns3::SeqexScenarioNames())
        {
            names += (names.empty() ? "" : ", ") + n;
        }
        throw py::value_error("--scenario: no scenario named '" + name + "' (scenarios: " + names + ")");
    }
    SeqexScenarioConfig config;
    std::string error = ns3::SeqexConfigure(name, flags, config);
    if (!error.empty())
    {
        throw py::value_error(error);
    }
    if (config.pcap && out.is_none())
    {
        throw py::value_error("--pcap: the captures are files: give out=<directory>");
    }
    // The flags bound to the configured values: their canonical spelling
    // names the run and makes the command that replays it.
    SeqexScenarioConfig canonical = config;
    SeqexFlagTable table;
    ns3::BindScenarioFlags(table, canonical, ns3::SeqexScenarioNames());
    SeqexRunIdentity id;
    std::set<std::string> given;
    for (const auto& flag : flags)
    {
        given.insert(flag.first);
    }
    id.runId = config.runId.empty() ? table.RunId(given) : config.runId;
    config.runId = id.runId;
    table.SetDefault("runId", id.runId);
    id.params = table.Values();
    id.command = "seqex-scenario";
    for (const auto& [flag, value] : id.params)
    {
        if (flag == "out" && out.is_none())
        {
            continue; // nothing is written: the command names no results folder
        }
        bool quote = value.find_first_of(" \t'\"$\\") != std::string::npos;
        id.command += " --" + flag + "=" + (quote ? "'" + value + "'" : value);
    }

    if (!out.is_none())
    {
        std::string writable = ns3::CheckSeqexResultsWritable(config); // before the run, not after
        if (!writable.empty())
        {
            throw py::value_error(writable);
        }
    }

    SeqexRunOutcome outcome;
    std::string written;
    {
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(g_simulatorMutex);
        outcome = ns3::RunSeqexScenario(config);
        if (!out.is_none() && outcome.setupError.empty())
        {
            written = ns3::WriteSeqexRunResults(config, id, outcome);
        }
    }
    if (!outcome.setupError.empty())
    {
        throw py::value_error(outcome.setupError);
    }
    if (!written.empty())
    {
        throw py::value_error("out: " + written);
    }

    ScenarioResult result;
    result.summaryJson = ns3::SeqexSummaryJson(config, id, outcome);
    result.exchanges = CsvRecords(ns3::SeqexExchangesCsv(config, outcome));
    if (outcome.timeline.Enabled())
    {
        result.timeline = CsvRecords(ns3::SeqexTimelineCsv(outcome));
    }
    for (const ns3::Time& t : outcome.resetTimes)
    {
        result.resets.append(t.GetSeconds());
    }
    result.violations = outcome.safety;
    result.notDrained = outcome.liveness;
    result.status = ns3::SeqexRunStatusName(outcome.Status());
    result.command = id.command;

    if (check && !result.Ok())
    {
        // A broken invariant is a violation; a run that only had not ended
        // within --heal is named for that, as seqex-scenario names it.
        bool violated = !result.violations.empty();
        const std::vector<std::string>& lines = violated ? result.violations : result.notDrained;
        std::string transport = config.transport == "tcp" ? "TCP" : "SEQEX";
        std::string message = "scenario " + config.scenario + ", transport " + config.transport + ", seed " +
                              std::to_string(config.seed) + ": " +
                              (violated ? std::to_string(lines.size()) + " invariant violation(s):"
                                        : transport + " did not drain within heal=" +
                                              ns3::SeqexFlagTable::FormatTime(config.heal) +
                                              " (no invariant broke; rerun with a longer heal):");
        // The first few name the failure; the result holds them all.
        constexpr size_t kShown = 10;
        for (size_t i = 0; i < std::min(kShown, lines.size()); ++i)
        {
            message += "\n  " + lines[i];
        }
        if (lines.size() > kShown)
        {
            message += "\n  ... " + std::to_string(lines.size() - kShown) + " more (the exception's result." +
                       (violated ? "violations" : "not_drained") + " lists them all)";
        }
        message += "\nreplay: " + id.command;
        PyObject* type = violated ? g_invariantViolation : g_notDrained;
        py::object exc = py::reinterpret_borrow<py::object>(type)(message);
        exc.attr("seed") = config.seed;
        exc.attr("command") = id.command;
        exc.attr("result") = py::cast(result);
        PyErr_SetObject(type, exc.ptr());
        throw py::error_already_set();
    }
    return result;
}

} // namespace

void
BindScenario(py::module_& m)
{
    // The module attribute keeps the type alive for the process.
    py::exception<std::runtime_error> invariantViolation(m, "InvariantViolation", PyExc_RuntimeError);
    invariantViolation.attr("__doc__") = "A run broke a SPEC §7 invariant. Attributes: seed, command (replays "
                                         "the run with the seqex-scenario program), result (the ScenarioResult).";
    g_invariantViolation = invariantViolation.ptr();
    py::exception<std::runtime_error> notDrained(m, "NotDrained", PyExc_RuntimeError);
    notDrained.attr("__doc__") = "A run broke no invariant but had not ended every exchange (or drained its "
                                 "windows) within its heal period: a slow recovery or a stall, not a violation. "
                                 "Attributes: seed, command, result (the ScenarioResult; result.not_drained "
                                 "says what had not ended).";
    g_notDrained = notDrained.ptr();

    py::class_<ScenarioResult>(m, "ScenarioResult", "One scenario run's outcome.")
        .def_readwrite("summary", &ScenarioResult::summary,
                       "dict: every parameter and metric, keyed like the columns of summary.csv, typed: "
                       "numbers as int or float, booleans as bool, durations in seconds (float), rates in "
                       "bits per second (int); out is None when nothing was written")
        .def_readonly("summary_json", &ScenarioResult::summaryJson,
                      "str: the run's summary row as seqex-scenario writes it to <runId>.json")
        .def_readonly("exchanges", &ScenarioResult::exchanges,
                      "list of dict: one record per exchange, keyed like <runId>.exchanges.csv "
                      "(latency_ms and hol_ms are None when they do not apply)")
        .def_readonly("timeline", &ScenarioResult::timeline,
                      "list of dict: per time bin (time_s, in_flight, delivered, retransmitted, sent) when "
                      "timeline=True (SEQEX runs), else empty")
        .def_readonly("resets", &ScenarioResult::resets, "list of float: when transport resets happened (s)")
        .def_readonly("violations", &ScenarioResult::violations,
                      "list of str: broken safety invariants of SPEC §7 (empty when none broke)")
        .def_readonly("not_drained", &ScenarioResult::notDrained,
                      "list of str: what had not ended within the heal period (empty when the run drained)")
        .def_readonly("status", &ScenarioResult::status,
                      "str: the run's status as its JSON gives it (ok, overload, not_drained, violation)")
        .def_readonly("command", &ScenarioResult::command, "the seqex-scenario command that replays this run")
        .def_property_readonly("ok", &ScenarioResult::Ok,
                               "True when every invariant held and the run drained (an overloaded run is ok "
                               "here; see status)")
        .def("__repr__", [](const ScenarioResult& r) {
            py::dict row = py::module_::import("json").attr("loads")(r.summaryJson);
            return "<ScenarioResult " + py::str(row["scenario"]).cast<std::string>() + " " +
                   py::str(row["run_id"]).cast<std::string>() + " " + py::str(row["status"]).cast<std::string>() +
                   ", " + std::to_string(py::len(r.exchanges)) + " exchanges>";
        });

    // The public functions are in bindings/seqex/__init__.py, on top of these.
    m.def("_catalog_json", &ns3::SeqexCatalogJson, "The catalog as seqex-scenario --list prints it (JSON).");
    m.def("_flags_json", &FlagsJson, "The flags as seqex-scenario --flags prints them (JSON).");
    m.def("_run_scenario", &RunScenario, py::arg("name"), py::arg("seed") = 1, py::arg("out") = py::none(),
          py::arg("check") = true, "seqex.run_scenario without the typing of its arguments and summary.");
}

} // namespace python
} // namespace seqex
