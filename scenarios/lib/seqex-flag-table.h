// Typed --flag=value options on top of ns3::CommandLine, with errors that
// name the flag.
//
// ns3::CommandLine alone accepts "--channels=-1" as 4294967295 and aborts on
// "--delay=abc"; so every flag is registered with it as a string (it still
// rejects unknown flags and prints --help), and this table converts and
// checks the strings afterwards. It also lists every flag with its value in
// the canonical spelling, which is how a result row records the exact
// command that replays it.
#ifndef SEQEX_FLAG_TABLE_H
#define SEQEX_FLAG_TABLE_H

#include "ns3/command-line.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class SeqexFlagTable
{
  public:
    // Each Add* binds a flag to a variable; the variable's current value is
    // the default. Ranges are inclusive.
    void AddDouble(const std::string& name, const std::string& help, double& v, double min, double max);
    void AddUint(const std::string& name, const std::string& help, uint32_t& v, uint32_t min, uint32_t max);
    void AddBool(const std::string& name, const std::string& help, bool& v);
    // A duration such as "250ms", "1.5s", "0"; units s, ms, us, ns.
    void AddTime(const std::string& name, const std::string& help, Time& v, Time min, Time max);
    void AddRate(const std::string& name, const std::string& help, DataRate& v);
    // One of `choices`.
    void AddChoice(const std::string& name,
                   const std::string& help,
                   std::string& v,
                   std::vector<std::string> choices);
    // Any text accepted by `check`, which returns an error or "".
    void AddText(const std::string& name,
                 const std::string& help,
                 std::string& v,
                 std::function<std::string(const std::string&)> check = {});

    // Overrides a default by name before Register (scenario defaults).
    // Returns an error naming the flag when the name or value is bad.
    std::string SetDefault(const std::string& name, const std::string& value);

    // Registers every flag with `cmd` as a string option.
    void Register(CommandLine& cmd);

    // After cmd.Parse: converts every flag into its variable. Returns "" or
    // the first error, as "--name: what is wrong".
    std::string Apply();

    // Every flag and its value, canonical spelling, in registration order.
    std::vector<std::pair<std::string, std::string>> Values() const;

    bool Has(const std::string& name) const;

    // Every flag as a JSON array of {"name", "kind" (number | whole | bool
    // | duration | rate | choice | text), "default" (canonical), "min" and
    // "max" (canonical, for kinds with a range), "choices", "help"}: what
    // the scripts and the Python module read to check and type values
    // without knowing the flags themselves.
    std::string DescribeJson() const;

    // The shape of a command line, before ns3::CommandLine sees it (which
    // answers any slip with its whole help and exit 1): every argument must
    // be --name=value with a flag of this table and a non-empty value.
    // `actions` are flags the program takes bare or with a value (--list);
    // ns-3's own (--help, --PrintHelp, ...; --ns3::Type::Attribute=...)
    // pass. Returns "" or one line naming the argument and what is wrong.
    std::string CheckCommandLine(int argc, char** argv, const std::set<std::string>& actions) const;

    // The run id a run gets unless --runId names one: the flags in `given`
    // (but out, runId and scenario), sorted by name, as name=value in the
    // canonical spelling, joined by '_', with anything but [A-Za-z0-9.=_+-]
    // made '-' so it is a file name; "defaults" when none was given. The
    // sweep and default-set drivers pass the same strings, so file names
    // agree whoever starts the run.
    std::string RunId(const std::set<std::string>& given) const;

    /**
     * \brief The value of --name=value in argv, if given (the last one wins,
     * as in ns-3's CommandLine), read before the table parses.
     */
    static std::optional<std::string> Given(int argc, char** argv, const std::string& name);

    /// The names of this table's flags given on the command line.
    std::set<std::string> GivenNames(int argc, char** argv) const;

    // Canonical spellings used in results.
    static std::string FormatTime(Time t);
    static std::string FormatRate(const DataRate& r);
    // Parsers behind the flags; they return "" or an error without the name.
    static std::string ParseTime(const std::string& text, Time& out);
    static std::string ParseRate(const std::string& text, DataRate& out);

  private:
    struct Flag
    {
        std::string name;
        std::string help;
        std::string kind;              // as DescribeJson names it
        std::string min, max;          // canonical; empty when the kind has no range
        std::vector<std::string> choices;
        std::string text; // what CommandLine writes into
        // Converts `text` into the bound variable; returns "" or an error.
        std::function<std::string(const std::string&)> apply;
        // The bound variable's value, canonical.
        std::function<std::string()> format;
    };

    Flag& Add(const std::string& name, const std::string& help);
    Flag* Find(const std::string& name);
    const Flag* Find(const std::string& name) const;
    // The flag a mistyped name most likely meant ("" when none is close).
    std::string Closest(const std::string& name) const;

    // Stable addresses: CommandLine keeps references to Flag::text.
    std::vector<std::unique_ptr<Flag>> m_flags;
};

} // namespace ns3

#endif
