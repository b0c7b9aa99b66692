#include "seqex-program.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

ProgramResult
RunProgram(const std::string& args)
{
    ProgramResult r;
    std::string cmd = std::string(SEQEX_SCENARIO_PROGRAM) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr)
    {
        r.output = "popen failed";
        return r;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0)
    {
        r.output.append(buf, n);
    }
    int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string
TempDir(const std::string& name)
{
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("seqex-scenario-tests-" + std::to_string(getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream os;
    os << f.rdbuf();
    return os.str();
}
