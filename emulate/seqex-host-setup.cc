#include "seqex-host-setup.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <stdexcept>

namespace seqex
{
namespace emulate
{

namespace
{

const char* kPrefix = "seqex-";

void
Must(const std::string& command, const std::string& what)
{
    std::string out;
    int status = RunShell(command, out);
    if (status != 0)
    {
        throw std::runtime_error(what + ": '" + command + "' failed (status " + std::to_string(status) +
                                 "): " + out);
    }
}

} // namespace

std::string
CheckPrivileges()
{
    if (geteuid() != 0)
    {
        return "seqex-emulate needs root (it creates network namespaces and tap devices); run it as root "
               "or with sudo";
    }
    if (access("/dev/net/tun", R_OK | W_OK) != 0)
    {
        return std::string("/dev/net/tun is not usable (") + std::strerror(errno) +
               "): the tun module is not loaded or the device is missing (modprobe tun; in a container, "
               "pass --device /dev/net/tun)";
    }
    std::string out;
    if (RunShell("ip -V", out) != 0)
    {
        return "the ip command (iproute2) is missing: apt-get install iproute2";
    }
    return "";
}

int
RunShell(const std::string& command, std::string& output)
{
    output.clear();
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (p == nullptr)
    {
        output = std::strerror(errno);
        return -1;
    }
    char buf[512];
    while (size_t n = fread(buf, 1, sizeof(buf), p))
    {
        output.append(buf, n);
    }
    int status = pclose(p);
    while (!output.empty() && (output.back() == '\n' || output.back() == ' '))
    {
        output.pop_back();
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string>
SweepStaleNamespaces()
{
    std::vector<std::string> swept;
    DIR* d = opendir("/var/run/netns");
    if (d == nullptr)
    {
        return swept;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d))
    {
        names.push_back(e->d_name);
    }
    closedir(d);
    for (const std::string& name : names)
    {
        if (name.rfind(kPrefix, 0) != 0)
        {
            continue;
        }
        std::string rest = name.substr(std::strlen(kPrefix));
        size_t dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || rest.find_first_not_of("0123456789") < dash)
        {
            continue; // not one of ours
        }
        pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, dash)));
        if (kill(pid, 0) == 0 || errno == EPERM)
        {
            continue; // its emulator still runs
        }
        std::string out;
        if (RunShell("ip netns del " + name, out) == 0)
        {
            swept.push_back(name);
        }
    }
    return swept;
}

HostSetup::HostSetup(pid_t owner)
    : m_owner(owner)
{
}

HostSetup::~HostSetup()
{
    Cleanup();
}

std::string
HostSetup::TapName(const std::string& suffix) const
{
    return "sqx" + std::to_string(m_owner) + suffix; // at most 3 + 7 + 1 < IFNAMSIZ
}

std::string
HostSetup::MakeNamespace(const std::string& suffix)
{
    std::string name = kPrefix + std::to_string(m_owner) + "-" + suffix;
    m_namespaces.push_back(name); // recorded first: a half-made one is removed too
    Must("ip netns add " + name, "cannot create network namespace " + name);
    return name;
}

int
HostSetup::MakeTap(const std::string& name, const std::string& netns, const std::string& cidr,
                   const std::string& gateway, const std::string& mac, const std::string& gatewayMac)
{
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        throw std::runtime_error(std::string("cannot open /dev/net/tun: ") + std::strerror(errno));
    }
    m_tapFds.push_back(fd);
    ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0)
    {
        throw std::runtime_error("cannot create tap " + name + " (TUNSETIFF): " + std::strerror(errno));
    }
    std::string in = "ip -n " + netns + " ";
    // IPv6 off before the tap arrives, so it never sends router
    // solicitations or MLD reports that would show in the counters.
    Must("ip netns exec " + netns + " sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 "
         "net.ipv6.conf.default.disable_ipv6=1",
         "cannot turn IPv6 off in " + netns);
    Must("ip link set " + name + " address " + mac, "cannot set the MAC of tap " + name);
    Must("ip link set " + name + " netns " + netns, "cannot move tap " + name + " into " + netns);
    Must(in + "addr add " + cidr + " dev " + name, "cannot address tap " + name);
    Must(in + "link set " + name + " up", "cannot bring tap " + name + " up");
    Must(in + "link set lo up", "cannot bring lo up in " + netns);
    Must(in + "neigh replace " + gateway + " lladdr " + gatewayMac + " dev " + name + " nud permanent",
         "cannot add the gateway's neighbour entry in " + netns);
    Must(in + "route add default via " + gateway, "cannot route " + netns + " via " + gateway);
    return fd;
}

std::vector<std::string>
HostSetup::Cleanup()
{
    std::vector<std::string> errors;
    // Closing a tap's descriptor deletes the tap (it is not persistent),
    // wherever it lives; the namespaces go after.
    for (auto it = m_tapFds.rbegin(); it != m_tapFds.rend(); ++it)
    {
        close(*it);
    }
    m_tapFds.clear();
    for (auto it = m_namespaces.rbegin(); it != m_namespaces.rend(); ++it)
    {
        std::string out;
        if (RunShell("ip netns del " + *it, out) != 0 && out.find("No such file") == std::string::npos)
        {
            errors.push_back("cannot delete namespace " + *it + ": " + out);
        }
    }
    m_namespaces.clear();
    return errors;
}

} // namespace emulate
} // namespace seqex
