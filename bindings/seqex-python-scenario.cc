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

// Set by BindScenario: the seqex.InvariantViolation type.
PyObject* g_invariantViolation = nullptr;

struct ScenarioResult
{
    py::dict summary;
    py::list exchanges;
    py::list timeline;
    py::list resets; // seconds since the simulation start
    std::vector<std::string> violations;
    std::string command;

    bool Ok() const
    {
        return violations.empty();
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

// The canonical text of a flag's value as a Python value: numbers and
// booleans as such, durations and rates ("250ms", "10Mbps") as text.
py::object
TypedValue(const py::object& loads, const std::string& text)
{
    try
    {
        py::object v = loads(text);
        if (py::isinstance<py::bool_>(v) || py::isinstance<py::int_>(v) || py::isinstance<py::float_>(v))
        {
            return v;
        }
    }
    catch (const py::error_already_set&)
    {
    }
    return py::str(text);
}

// The summary JSON flattened like a summary.csv row: identity, parameters,
// metrics (distributions as <name>_<stat>_ms), link_* and transport_* counters.
py::dict
FlatSummary(const std::string& json, const py::object& loads)
{
    py::dict row = loads(json);
    py::dict flat;
    for (const char* key : {"scenario", "run_id", "transport", "seed", "status"})
    {
        if (row.contains(key))
        {
            flat[key] = row[key];
        }
    }
    for (auto item : py::dict(row["params"]))
    {
        flat[item.first] = TypedValue(loads, item.second.cast<std::string>());
    }
    for (auto item : py::dict(row["metrics"]))
    {
        std::string key = item.first.cast<std::string>();
        if (py::isinstance<py::dict>(item.second) && key.size() > 3 && key.compare(key.size() - 3, 3, "_ms") == 0)
        {
            std::string base = key.substr(0, key.size() - 3);
            for (auto stat : item.second.cast<py::dict>())
            {
                std::string s = stat.first.cast<std::string>();
                flat[py::str(s == "count" ? base + "_count" : base + "_" + s + "_ms")] = stat.second;
            }
        }
        else
        {
            flat[py::str(key == "completed"                       ? "exchanges_completed"
                         : key == "wire_bytes_per_delivered_byte" ? "wire_per_byte"
                                                                  : key)] = item.second;
        }
    }
    for (auto dir : py::dict(row["link"]))
    {
        for (auto c : dir.second.cast<py::dict>())
        {
            flat[py::str("link_" + dir.first.cast<std::string>() + "_" + c.first.cast<std::string>())] = c.second;
        }
    }
    for (auto c : py::dict(row["transport_counters"]))
    {
        flat[py::str("transport_" + c.first.cast<std::string>())] = c.second;
    }
    return flat;
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

py::list
Scenarios()
{
    py::list out;
    for (const ns3::SeqexScenario& s : ns3::SeqexScenarios())
    {
        py::dict d;
        d["name"] = s.name;
        d["description"] = s.summary;
        d["varies"] = s.varies;
        py::dict defaults;
        for (const auto& [flag, value] : s.defaults)
        {
            defaults[py::str(flag)] = value;
        }
        d["defaults"] = defaults;
        out.append(d);
    }
    return out;
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
        bool quote = value.find_first_of(" \t'\"$\\") != std::string::npos;
        id.command += " --" + flag + "=" + (quote ? "'" + value + "'" : value);
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

    py::object loads = py::module_::import("json").attr("loads");
    ScenarioResult result;
    result.summary = FlatSummary(ns3::SeqexSummaryJson(config, id, outcome), loads);
    if (out.is_none())
    {
        result.summary["out"] = py::none(); // nothing was written
    }
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
    result.violations.insert(result.violations.end(), outcome.liveness.begin(), outcome.liveness.end());
    result.command = id.command;

    if (check && !result.Ok())
    {
        std::string message = "scenario " + config.scenario + ", transport " + config.transport + ", seed " +
                               std::to_string(config.seed) + ": " + std::to_string(result.violations.size()) +
                               " invariant violation(s):";
        // The first few name the failure; the result holds them all.
        constexpr size_t kShown = 10;
        for (size_t i = 0; i < std::min(kShown, result.violations.size()); ++i)
        {
            message += "\n  " + result.violations[i];
        }
        if (result.violations.size() > kShown)
        {
            message += "\n  ... " + std::to_string(result.violations.size() - kShown) +
                       " more (the exception's result.violations lists them all)";
        }
        message += "\nreplay: " + id.command;
        py::object exc = py::reinterpret_borrow<py::object>(g_invariantViolation)(message);
        exc.attr("seed") = config.seed;
        exc.attr("command") = id.command;
        exc.attr("result") = py::cast(result);
        PyErr_SetObject(g_invariantViolation, exc.ptr());
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

    py::class_<ScenarioResult>(m, "ScenarioResult", "One scenario run's outcome.")
        .def_readonly("summary", &ScenarioResult::summary,
                      "dict: every parameter and metric, keyed like the columns of summary.csv")
        .def_readonly("exchanges", &ScenarioResult::exchanges,
                      "list of dict: one record per exchange, keyed like <runId>.exchanges.csv "
                      "(latency_ms and hol_ms are None when they do not apply)")
        .def_readonly("timeline", &ScenarioResult::timeline,
                      "list of dict: per time bin (time_s, in_flight, delivered, retransmitted, sent) when "
                      "timeline=True (SEQEX runs), else empty")
        .def_readonly("resets", &ScenarioResult::resets, "list of float: when transport resets happened (s)")
        .def_readonly("violations", &ScenarioResult::violations, "list of str: broken invariants (empty when ok)")
        .def_readonly("command", &ScenarioResult::command, "the seqex-scenario command that replays this run")
        .def_property_readonly("ok", &ScenarioResult::Ok, "True when every invariant held")
        .def("__repr__", [](const ScenarioResult& r) {
            return "<ScenarioResult " + py::str(r.summary["scenario"]).cast<std::string>() + " " +
                   py::str(r.summary["run_id"]).cast<std::string>() + " " + (r.Ok() ? "ok" : "VIOLATION") + ", " +
                   std::to_string(py::len(r.exchanges)) + " exchanges>";
        });

    m.def("scenarios", &Scenarios,
          "The named scenarios: a list of dicts with name, description, varies (the parameter it sweeps) "
          "and defaults (flag -> value where it differs from the global defaults).");
    m.def("run_scenario", &RunScenario, py::arg("name"), py::arg("seed") = 1, py::arg("out") = py::none(),
          py::arg("check") = true,
          "run_scenario(name, seed=1, out=None, check=True, **params) -> ScenarioResult\n\n"
          "Runs one point of a named scenario in this process; params are the seqex-scenario flags "
          "(loss=0.05, transport='tcp', duration='2s', channels=8, ...). With `out` the run's files are "
          "written under out/<scenario>/runs/ as seqex-scenario writes them.\n"
          "A bad scenario name, flag or value raises ValueError naming the flag. A broken invariant raises "
          "seqex.InvariantViolation (with the seed and the replay command) unless check=False, which "
          "returns the result with ok False. Runs are deterministic and may be repeated in one process "
          "(one at a time: ns-3's simulator is process-wide).");
}

} // namespace python
} // namespace seqex
