// The two programs seqex-emulate runs, one per namespace: started from a
// command template inside a namespace (setns), each in its own process
// group with its output in a file, watched until they exit, stopped with
// SIGTERM then SIGKILL.
#ifndef SEQEX_PROGRAMS_H
#define SEQEX_PROGRAMS_H

#include <map>
#include <string>
#include <sys/types.h>

namespace seqex
{
namespace emulate
{

// Replaces {name} in `text` by vars[name]; an unknown {name} is an error
// (std::invalid_argument naming it).
std::string Expand(const std::string& text, const std::map<std::string, std::string>& vars);

struct Program
{
    std::string name;    // "a" or "b"
    std::string command; // run by /bin/sh -c
    std::string logFile; // its stdout and stderr
    pid_t pid = -1;
    bool exited = false;
    int status = 0;      // exit status, or 128 + signal
};

// Starts `p` in namespace `netns` (/var/run/netns/<netns>). Safe to call
// from a process with threads: the child only makes system calls before
// exec. Throws std::runtime_error when the namespace or log cannot be
// opened or fork fails.
void StartProgram(Program& p, const std::string& netns);

// Sends SIGTERM to the program's process group, waits up to `graceMs`
// for it to exit, then SIGKILL. Records the status.
void StopProgram(Program& p, int graceMs);

// Describes an exit status: "exited 0", "exited 3", "killed by SIGTERM".
std::string DescribeStatus(int status);

} // namespace emulate
} // namespace seqex

#endif
