#include "seqex-output-check.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace ns3
{

std::string
CheckSeqexResultsWritable(const SeqexScenarioConfig& config)
{
    std::filesystem::path dir = std::filesystem::path(config.RunFile(".json")).parent_path();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        return "--out: cannot create " + dir.string() + ": " + ec.message();
    }
    // Permissions alone do not tell (read-only mounts, root, ACLs): try.
    std::filesystem::path probe = dir / (".write-check." + std::to_string(::getpid()));
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
    {
        return "--out: cannot write in " + dir.string() + ": " + std::strerror(errno);
    }
    ::close(fd);
    ::unlink(probe.c_str());
    return {};
}

} // namespace ns3
