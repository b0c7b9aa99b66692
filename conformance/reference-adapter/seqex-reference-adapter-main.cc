// seqex-reference-adapter: the reference SEQEX core behind the conformance
// adapter protocol, on stdin / stdout, one command per line.
//
//   seqex-reference-adapter                 the reference implementation
//   seqex-reference-adapter --fault=NAME    a deliberately faulty variant
//   seqex-reference-adapter --list-faults   the variants, one per line
#include "seqex-adapter-faults.h"
#include "seqex-reference-adapter.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

using namespace seqex::conformance;

namespace
{

// Longest command line read; the rest of a longer line is skipped and the
// command refused, so garbage cannot exhaust memory.
constexpr size_t kMaxLineLength = 1 << 20;

enum class LineStatus
{
    Line,
    TooLong,
    End,
};

LineStatus
ReadLine(std::FILE* in, std::string& line)
{
    line.clear();
    bool tooLong = false;
    int c;
    while ((c = getc_unlocked(in)) != EOF)
    {
        if (c == '\n')
        {
            return tooLong ? LineStatus::TooLong : LineStatus::Line;
        }
        if (line.size() < kMaxLineLength)
        {
            line.push_back(char(c));
        }
        else
        {
            tooLong = true;
        }
    }
    // A last line without its newline still counts.
    if (tooLong)
    {
        return LineStatus::TooLong;
    }
    return line.empty() ? LineStatus::End : LineStatus::Line;
}

bool
WriteLines(const std::vector<std::string>& lines)
{
    for (const std::string& l : lines)
    {
        if (std::fwrite(l.data(), 1, l.size(), stdout) != l.size() || std::fputc('\n', stdout) == EOF)
        {
            return false;
        }
    }
    return std::fflush(stdout) == 0;
}

int
Usage(const char* message)
{
    std::fprintf(stderr,
                 "%s\nusage: seqex-reference-adapter [--fault=NAME] | --list-faults\n"
                 "Speaks the SEQEX conformance adapter protocol on stdin/stdout.\n",
                 message);
    return 2;
}

} // namespace

int
main(int argc, char** argv)
{
    Fault fault = Fault::None;
    for (int i = 1; i < argc; ++i)
    {
        const char* arg = argv[i];
        if (std::strcmp(arg, "--list-faults") == 0)
        {
            int width = 0;
            for (const FaultInfo& f : AllFaults())
            {
                width = std::max(width, static_cast<int>(std::strlen(f.name)));
            }
            for (const FaultInfo& f : AllFaults())
            {
                std::printf("%-*s %s\n", width, f.name, f.description);
            }
            return 0;
        }
        if (std::strncmp(arg, "--fault=", 8) == 0)
        {
            std::optional<Fault> f = FaultFromName(arg + 8);
            if (!f)
            {
                std::string m = std::string("unknown fault \"") + (arg + 8) + "\" (see --list-faults)";
                return Usage(m.c_str());
            }
            fault = *f;
            continue;
        }
        if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0)
        {
            Usage("");
            return 0;
        }
        std::string m = std::string("unknown option \"") + arg + "\"";
        return Usage(m.c_str());
    }

    ReferenceAdapter adapter(fault);
    std::string line;
    for (;;)
    {
        LineStatus status = ReadLine(stdin, line);
        if (status == LineStatus::End)
        {
            return 0;
        }
        std::vector<std::string> answer;
        if (status == LineStatus::TooLong)
        {
            answer.push_back("err bad line: longer than " + std::to_string(kMaxLineLength) + " characters");
        }
        else
        {
            answer = adapter.Handle(line);
        }
        if (!WriteLines(answer))
        {
            return 1; // the suite went away
        }
        if (adapter.QuitRequested())
        {
            return 0;
        }
    }
}
