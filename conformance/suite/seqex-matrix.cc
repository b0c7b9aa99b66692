#include "seqex-matrix.h"

#include "seqex-json-reader.h"
#include "seqex-report.h"

#include <fstream>
#include <sstream>

namespace seqex
{
namespace conformance
{

namespace
{

// A transcript label from a name: letters, digits, '-', '_', '.'.
std::string
Label(const std::string& name)
{
    std::string l;
    for (char c : name)
    {
        bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        l.push_back(plain ? c : '_');
    }
    return l.substr(0, 24);
}

} // namespace

bool
ReadMatrix(const std::string& path, std::vector<Implementation>& out, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        error = "cannot read the --matrix file \"" + path + "\"";
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string where = "--matrix file \"" + path + "\": ";
    JsonValue doc;
    if (!ParseJson(text.str(), doc, error))
    {
        error = where + "not JSON: " + error;
        return false;
    }
    const JsonValue* list = doc.kind == JsonValue::Kind::Object ? doc.Find("implementations") : nullptr;
    if (list == nullptr || list->kind != JsonValue::Kind::Array)
    {
        error = where + "expected {\"implementations\": [{\"name\": ..., \"command\": ...}, ...]}";
        return false;
    }
    if (list->array.empty())
    {
        error = where + "\"implementations\" is empty";
        return false;
    }
    for (size_t k = 0; k < list->array.size(); ++k)
    {
        const JsonValue& item = list->array[k];
        std::string at = where + "implementations[" + std::to_string(k) + "]: ";
        if (item.kind != JsonValue::Kind::Object)
        {
            error = at + "expected an object, got " + KindName(item.kind);
            return false;
        }
        Implementation impl;
        for (const char* key : {"name", "command"})
        {
            const JsonValue* v = item.Find(key);
            if (v == nullptr || v->kind != JsonValue::Kind::String || v->string.empty())
            {
                error = at + "\"" + key + "\" must be a non-empty string";
                return false;
            }
            (std::string(key) == "name" ? impl.name : impl.command) = v->string;
        }
        for (const Implementation& other : out)
        {
            if (other.name == impl.name)
            {
                error = at + "the name \"" + impl.name + "\" is used twice";
                return false;
            }
        }
        out.push_back(impl);
    }
    return true;
}

bool
MatrixResult::Passed() const
{
    for (const SuiteResult& r : alone)
    {
        if (!r.Conformant())
        {
            return false;
        }
    }
    for (const Pair& p : pairs)
    {
        if (!p.result.Conformant())
        {
            return false;
        }
    }
    return true;
}

MatrixResult
RunMatrix(const SuiteOptions& options,
          const std::vector<Implementation>& implementations,
          const std::vector<const CaseInfo*>& cases,
          const Progress& progress)
{
    MatrixResult m;
    m.options = options;
    m.implementations = implementations;
    for (const Implementation& impl : implementations)
    {
        SuiteOptions o = options;
        o.iutCommand = impl.command;
        m.alone.push_back(RunSuite(o, cases, progress));
    }
    std::vector<const CaseInfo*> network;
    for (const CaseInfo* c : cases)
    {
        if (c->network)
        {
            network.push_back(c);
        }
    }
    for (size_t a = 0; a < implementations.size(); ++a)
    {
        for (size_t b = a + 1; b < implementations.size() && !network.empty(); ++b)
        {
            SuiteOptions o = options;
            o.iutCommand = implementations[a].command;
            o.peerCommand = implementations[b].command;
            o.labels[0] = Label(implementations[a].name);
            o.labels[1] = Label(implementations[b].name);
            if (o.labels[0] == o.labels[1])
            {
                o.labels[0] += "0";
                o.labels[1] += "1";
            }
            m.pairs.push_back({a, b, RunSuite(o, network, progress)});
        }
    }
    return m;
}

MatrixResult
SingleRunMatrix(const SuiteResult& result)
{
    MatrixResult m;
    m.options = result.options;
    m.implementations.push_back(
        {result.implementation.empty() ? std::string("iut") : result.implementation, result.options.iutCommand});
    m.alone.push_back(result);
    return m;
}

std::string
MatrixTextReport(const MatrixResult& m)
{
    std::ostringstream s;
    s << "SEQEX interop matrix (" << kSuiteVersion << "), seed " << m.options.seed
      << (m.options.shortMode ? ", short network runs" : "") << (m.options.strict ? ", strict" : "") << "\n";
    auto line = [&](const std::string& what, const SuiteResult& r) {
        std::vector<std::string> failed = r.FailedCases();
        s << "  " << what << ": " << r.cases.size() << " cases, " << r.Count(Outcome::Pass) << " pass, "
          << r.Count(Outcome::Fail) << " fail, " << r.Count(Outcome::Warn) << " warn, " << r.Count(Outcome::Error)
          << " error, " << r.Count(Outcome::Skip) << " skip -> " << (r.Conformant() ? "pass" : "FAIL");
        for (size_t k = 0; k < failed.size(); ++k)
        {
            s << (k ? ", " : ": ") << failed[k];
        }
        s << "\n";
    };
    for (size_t k = 0; k < m.implementations.size(); ++k)
    {
        line(m.implementations[k].name + " (" + m.implementations[k].command + ")", m.alone[k]);
    }
    for (const MatrixResult::Pair& p : m.pairs)
    {
        line(m.implementations[p.a].name + " x " + m.implementations[p.b].name + " (network cases)", p.result);
    }
    s << (m.Passed() ? "MATRIX PASSED" : "MATRIX FAILED") << "\n";
    return s.str();
}

} // namespace conformance
} // namespace seqex
