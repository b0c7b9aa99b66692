// Runs the seqex-scenario program from a test and captures what it says.
#ifndef SEQEX_TEST_PROGRAM_H
#define SEQEX_TEST_PROGRAM_H

#include <string>

struct ProgramResult
{
    int status = -1;    // exit status, or -1 when it did not exit normally
    std::string output; // stdout and stderr
};

// Runs seqex-scenario with `args` (shell words) and returns its exit status
// and output.
ProgramResult RunProgram(const std::string& args);

// A fresh, empty directory for one test's results.
std::string TempDir(const std::string& name);

// The whole content of a file ("" when missing).
std::string ReadFile(const std::string& path);

#endif
