#include "seqex-flag-table.h"

#include "seqex-json.h"

#include "ns3/abort.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace ns3
{

namespace
{

// strtod over the whole text; false on garbage, NaN, infinity or overflow.
bool
ParseFiniteDouble(const std::string& text, double& out)
{
    if (text.empty())
    {
        return false;
    }
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(begin, &end);
    if (end != begin + text.size() || errno == ERANGE || !std::isfinite(v))
    {
        return false;
    }
    out = v;
    return true;
}

// Splits "12.5ms" into 12.5 and "ms".
bool
SplitNumberUnit(const std::string& text, double& number, std::string& unit)
{
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' ||
                               text[i] == '-' || text[i] == '+' || text[i] == 'e' || text[i] == 'E'))
    {
        // an 'e' only belongs to the number when a digit or sign follows
        if ((text[i] == 'e' || text[i] == 'E') &&
            !(i + 1 < text.size() && (std::isdigit(static_cast<unsigned char>(text[i + 1])) ||
                                      text[i + 1] == '-' || text[i + 1] == '+')))
        {
            break;
        }
        ++i;
    }
    unit = text.substr(i);
    return ParseFiniteDouble(text.substr(0, i), number);
}

std::string
Quoted(const std::string& s)
{
    return "'" + s + "'";
}

} // namespace

std::string
SeqexFlagTable::FormatTime(Time t)
{
    int64_t ns = t.GetNanoSeconds();
    if (ns == 0)
    {
        return "0s";
    }
    struct Unit
    {
        int64_t ns;
        const char* name;
    };
    for (Unit u : {Unit{1000000000, "s"}, Unit{1000000, "ms"}, Unit{1000, "us"}})
    {
        if (ns % u.ns == 0)
        {
            return std::to_string(ns / u.ns) + u.name;
        }
    }
    return std::to_string(ns) + "ns";
}

std::string
SeqexFlagTable::FormatRate(const DataRate& r)
{
    uint64_t bps = r.GetBitRate();
    struct Unit
    {
        uint64_t bps;
        const char* name;
    };
    for (Unit u : {Unit{1000000000, "Gbps"}, Unit{1000000, "Mbps"}, Unit{1000, "kbps"}})
    {
        if (bps % u.bps == 0)
        {
            return std::to_string(bps / u.bps) + u.name;
        }
    }
    return std::to_string(bps) + "bps";
}

std::string
SeqexFlagTable::ParseTime(const std::string& text, Time& out)
{
    const std::string expected =
        "expected a duration such as 250ms or 1.5s (units s, ms, us, ns), got " + Quoted(text);
    double number = 0;
    std::string unit;
    if (!SplitNumberUnit(text, number, unit))
    {
        return expected;
    }
    double scale = 0;
    if (unit == "s")
    {
        scale = 1e9;
    }
    else if (unit == "ms")
    {
        scale = 1e6;
    }
    else if (unit == "us")
    {
        scale = 1e3;
    }
    else if (unit == "ns")
    {
        scale = 1;
    }
    else if (unit.empty() && number == 0)
    {
        scale = 1;
    }
    else
    {
        return expected;
    }
    double ns = number * scale;
    if (std::fabs(ns) > 9.2e18)
    {
        return "duration out of range: " + Quoted(text);
    }
    out = NanoSeconds(static_cast<int64_t>(std::llround(ns)));
    return {};
}

std::string
SeqexFlagTable::ParseRate(const std::string& text, DataRate& out)
{
    const std::string expected =
        "expected a bit rate such as 10Mbps (units bps, kbps, Mbps, Gbps), got " + Quoted(text);
    double number = 0;
    std::string unit;
    if (!SplitNumberUnit(text, number, unit))
    {
        return expected;
    }
    double scale = 0;
    if (unit == "bps")
    {
        scale = 1;
    }
    else if (unit == "kbps" || unit == "Kbps")
    {
        scale = 1e3;
    }
    else if (unit == "Mbps")
    {
        scale = 1e6;
    }
    else if (unit == "Gbps")
    {
        scale = 1e9;
    }
    else
    {
        return expected;
    }
    double bps = number * scale;
    if (bps < 1 || bps > 1e15)
    {
        return "bit rate must be between 1bps and 1000Tbps, got " + Quoted(text);
    }
    out = DataRate(static_cast<uint64_t>(std::llround(bps)));
    return {};
}

SeqexFlagTable::Flag&
SeqexFlagTable::Add(const std::string& name, const std::string& help)
{
    NS_ABORT_MSG_IF(Find(name) != nullptr, "flag --" << name << " registered twice");
    m_flags.push_back(std::make_unique<Flag>());
    Flag& f = *m_flags.back();
    f.name = name;
    f.help = help;
    return f;
}

SeqexFlagTable::Flag*
SeqexFlagTable::Find(const std::string& name)
{
    return const_cast<Flag*>(static_cast<const SeqexFlagTable*>(this)->Find(name));
}

const SeqexFlagTable::Flag*
SeqexFlagTable::Find(const std::string& name) const
{
    for (const auto& f : m_flags)
    {
        if (f->name == name)
        {
            return f.get();
        }
    }
    return nullptr;
}

bool
SeqexFlagTable::Has(const std::string& name) const
{
    return Find(name) != nullptr;
}

void
SeqexFlagTable::AddDouble(const std::string& name,
                          const std::string& help,
                          double& v,
                          double min,
                          double max)
{
    Flag& f = Add(name, help);
    f.kind = "number";
    f.min = seqex::FormatDouble(min);
    f.max = seqex::FormatDouble(max);
    f.apply = [&v, min, max](const std::string& text) -> std::string {
        double x = 0;
        if (!ParseFiniteDouble(text, x))
        {
            return "expected a number, got " + Quoted(text);
        }
        if (x < min || x > max)
        {
            return "must be in [" + seqex::FormatDouble(min) + ", " + seqex::FormatDouble(max) + "], got " + text;
        }
        v = x;
        return {};
    };
    f.format = [&v]() { return seqex::FormatDouble(v); };
    f.text = f.format();
}

void
SeqexFlagTable::AddUint(const std::string& name,
                        const std::string& help,
                        uint32_t& v,
                        uint32_t min,
                        uint32_t max)
{
    Flag& f = Add(name, help);
    f.kind = "whole";
    f.min = std::to_string(min);
    f.max = std::to_string(max);
    f.apply = [&v, min, max](const std::string& text) -> std::string {
        bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        unsigned long long x = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
        if (!digits || text.size() > 12)
        {
            return "expected a whole number, got " + Quoted(text);
        }
        if (x < min || x > max)
        {
            return "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + text;
        }
        v = static_cast<uint32_t>(x);
        return {};
    };
    f.format = [&v]() { return std::to_string(v); };
    f.text = f.format();
}

void
SeqexFlagTable::AddBool(const std::string& name, const std::string& help, bool& v)
{
    Flag& f = Add(name, help);
    f.kind = "bool";
    f.apply = [&v](const std::string& text) -> std::string {
        if (text == "true" || text == "1")
        {
            v = true;
        }
        else if (text == "false" || text == "0")
        {
            v = false;
        }
        else
        {
            return "expected true or false, got " + Quoted(text);
        }
        return {};
    };
    f.format = [&v]() { return std::string(v ? "true" : "false"); };
    f.text = f.format();
}

void
SeqexFlagTable::AddTime(const std::string& name, const std::string& help, Time& v, Time min, Time max)
{
    Flag& f = Add(name, help);
    f.kind = "duration";
    f.min = FormatTime(min);
    f.max = FormatTime(max);
    f.apply = [&v, min, max](const std::string& text) -> std::string {
        Time t;
        std::string error = ParseTime(text, t);
        if (!error.empty())
        {
            return error;
        }
        if (t < min || t > max)
        {
            return "must be in [" + FormatTime(min) + ", " + FormatTime(max) + "], got " + text;
        }
        v = t;
        return {};
    };
    f.format = [&v]() { return FormatTime(v); };
    f.text = f.format();
}

void
SeqexFlagTable::AddRate(const std::string& name, const std::string& help, DataRate& v)
{
    Flag& f = Add(name, help);
    f.kind = "rate";
    f.min = "1bps";
    f.max = "1000Tbps";
    f.apply = [&v](const std::string& text) { return ParseRate(text, v); };
    f.format = [&v]() { return FormatRate(v); };
    f.text = f.format();
}

void
SeqexFlagTable::AddChoice(const std::string& name,
                          const std::string& help,
                          std::string& v,
                          std::vector<std::string> choices)
{
    Flag& f = Add(name, help);
    f.kind = "choice";
    f.choices = choices;
    f.apply = [&v, choices](const std::string& text) -> std::string {
        for (const std::string& c : choices)
        {
            if (c == text)
            {
                v = text;
                return {};
            }
        }
        std::string list;
        for (const std::string& c : choices)
        {
            list += (list.empty() ? "" : ", ") + c;
        }
        return "expected one of " + list + ", got " + Quoted(text);
    };
    f.format = [&v]() { return v; };
    f.text = f.format();
}

void
SeqexFlagTable::AddText(const std::string& name,
                        const std::string& help,
                        std::string& v,
                        std::function<std::string(const std::string&)> check)
{
    Flag& f = Add(name, help);
    f.kind = "text";
    f.apply = [&v, check](const std::string& text) -> std::string {
        if (check)
        {
            std::string error = check(text);
            if (!error.empty())
            {
                return error;
            }
        }
        v = text;
        return {};
    };
    f.format = [&v]() { return v; };
    f.text = f.format();
}

std::string
SeqexFlagTable::SetDefault(const std::string& name, const std::string& value)
{
    Flag* f = Find(name);
    if (f == nullptr)
    {
        return "--" + name + ": no such flag";
    }
    std::string error = f->apply(value);
    if (!error.empty())
    {
        return "--" + name + ": " + error;
    }
    f->text = f->format();
    return {};
}

void
SeqexFlagTable::Register(CommandLine& cmd)
{
    for (auto& f : m_flags)
    {
        cmd.AddValue(f->name, f->help, f->text);
    }
}

std::string
SeqexFlagTable::Apply()
{
    for (auto& f : m_flags)
    {
        std::string error = f->apply(f->text);
        if (!error.empty())
        {
            return "--" + f->name + ": " + error;
        }
    }
    return {};
}

std::vector<std::pair<std::string, std::string>>
SeqexFlagTable::Values() const
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : m_flags)
    {
        out.emplace_back(f->name, f->format());
    }
    return out;
}

std::string
SeqexFlagTable::DescribeJson() const
{
    std::string json = "[";
    for (const auto& f : m_flags)
    {
        json += (json.size() > 1 ? ",\n " : "\n ");
        json += "{\"name\": " + seqex::JsonString(f->name) + ", \"kind\": " + seqex::JsonString(f->kind) +
                ", \"default\": " + seqex::JsonString(f->format());
        if (!f->min.empty())
        {
            json += ", \"min\": " + seqex::JsonString(f->min) + ", \"max\": " + seqex::JsonString(f->max);
        }
        if (!f->choices.empty())
        {
            json += ", \"choices\": [";
            for (size_t i = 0; i < f->choices.size(); ++i)
            {
                json += (i ? ", " : "") + seqex::JsonString(f->choices[i]);
            }
            json += "]";
        }
        json += ", \"help\": " + seqex::JsonString(f->help) + "}";
    }
    return json + "\n]\n";
}

namespace
{

// Edit distance, for suggesting the flag a typo meant.
size_t
Distance(const std::string& a, const std::string& b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
    {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i)
    {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
        {
            size_t above = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// ns-3's CommandLine answers these itself.
bool
IsNs3Option(const std::string& name)
{
    static const std::set<std::string> own = {"help",         "PrintHelp",  "PrintVersion", "version",
                                              "PrintGlobals", "PrintGroups", "PrintGroup",  "PrintTypeIds",
                                              "PrintAttributes"};
    return own.count(name) > 0 || name.find("::") != std::string::npos;
}

} // namespace

std::string
SeqexFlagTable::Closest(const std::string& name) const
{
    std::string best;
    size_t bestDistance = 3; // farther than two edits is no longer a typo
    for (const auto& f : m_flags)
    {
        size_t d = Distance(name, f->name);
        if (d < bestDistance)
        {
            best = f->name;
            bestDistance = d;
        }
    }
    return best;
}

std::string
SeqexFlagTable::CheckCommandLine(int argc, char** argv, const std::set<std::string>& actions) const
{
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
        {
            std::string previous = i > 1 ? argv[i - 1] : "";
            std::string flag = previous.size() > 2 && previous.rfind("--", 0) == 0 ? previous.substr(2) : "";
            if (!flag.empty() && flag.find('=') == std::string::npos && Has(flag))
            {
                return "--" + flag + ": flags are --name=value: write --" + flag + "=" + arg;
            }
            return "unexpected argument " + Quoted(arg) + " (flags are --name=value)";
        }
        size_t equals = arg.find('=');
        std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
        if (IsNs3Option(name) || actions.count(name) > 0)
        {
            continue;
        }
        if (!Has(name))
        {
            std::string closest = Closest(name);
            return "unknown flag --" + name + (closest.empty() ? "" : " (did you mean --" + closest + "?)") +
                   "; --help lists the flags";
        }
        if (equals == std::string::npos)
        {
            bool valueFollows = i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0;
            return "--" + name + ": no value: write --" + name + "=" +
                   (valueFollows ? std::string(argv[i + 1]) : "VALUE") + " (flags are --name=value)";
        }
        if (equals + 1 == arg.size())
        {
            return "--" + name + ": empty value: write --" + name + "=VALUE";
        }
    }
    return {};
}

std::string
SeqexFlagTable::RunId(const std::set<std::string>& given) const
{
    std::vector<std::pair<std::string, std::string>> values = Values();
    std::sort(values.begin(), values.end());
    std::string id;
    for (const auto& [name, value] : values)
    {
        if (given.count(name) == 0 || name == "out" || name == "runId" || name == "scenario")
        {
            continue;
        }
        id += (id.empty() ? "" : "_") + name + "=" + value;
    }
    for (char& ch : id)
    {
        bool plain = std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '=' || ch == '_' ||
                     ch == '-' || ch == '+';
        if (!plain)
        {
            ch = '-';
        }
    }
    return id.empty() ? "defaults" : id;
}

std::optional<std::string>
SeqexFlagTable::Given(int argc, char** argv, const std::string& name)
{
    std::optional<std::string> value;
    std::string prefix = "--" + name + "=";
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind(prefix, 0) == 0)
        {
            value = arg.substr(prefix.size());
        }
    }
    return value;
}

std::set<std::string>
SeqexFlagTable::GivenNames(int argc, char** argv) const
{
    std::set<std::string> names;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0)
        {
            continue;
        }
        std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
        if (Has(name))
        {
            names.insert(name);
        }
    }
    return names;
}

} // namespace ns3
