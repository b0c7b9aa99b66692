// The host side of seqex-emulate: network namespaces and tap devices, made
// with the kernel's interfaces and iproute2, always removed again.
//
// Names carry the emulator's pid (seqex-<pid>-a, sqx<pid>a), so runs in
// parallel never collide and a run that died without cleaning up (SIGKILL)
// is recognised and swept by the next one (SweepStaleNamespaces).
#ifndef SEQEX_HOST_SETUP_H
#define SEQEX_HOST_SETUP_H

#include <string>
#include <sys/types.h>
#include <vector>

namespace seqex
{
namespace emulate
{

// "" when this process may create namespaces and taps; otherwise what is
// missing (not root, no /dev/net/tun, no ip command), in words.
std::string CheckPrivileges();

// Runs a command line through /bin/sh; returns its exit status and puts its
// output (stdout and stderr) in `output`.
int RunShell(const std::string& command, std::string& output);

// Deletes namespaces named seqex-<pid>-* whose pid is not alive; returns
// their names.
std::vector<std::string> SweepStaleNamespaces();

// Namespaces and taps made for one run. Every Make* records what it made
// first, so Cleanup (and the destructor) removes exactly that, whatever
// failed halfway.
class HostSetup
{
  public:
    explicit HostSetup(pid_t owner);
    ~HostSetup();
    HostSetup(const HostSetup&) = delete;
    HostSetup& operator=(const HostSetup&) = delete;

    // Creates namespace seqex-<pid>-<suffix>; throws std::runtime_error.
    std::string MakeNamespace(const std::string& suffix);

    // Opens /dev/net/tun as tap `name` (IFF_TAP | IFF_NO_PI: plain Ethernet
    // frames), moves it into `netns`, gives it `cidr` (e.g. 10.77.1.2/24),
    // brings it and the namespace's loopback up, routes everything via
    // `gateway`, and turns IPv6 off in the namespace (no router
    // solicitations in the counters). Returns the descriptor, which stays
    // in this process: closing it deletes the tap.
    // The tap gets MAC `mac`, and a permanent neighbour entry for the
    // gateway's `gatewayMac`: no ARP crosses the emulator, so no packet waits
    // for (or is dropped by) address resolution.
    int MakeTap(const std::string& name, const std::string& netns, const std::string& cidr,
                const std::string& gateway, const std::string& mac, const std::string& gatewayMac);

    // Removes everything made, in reverse order; errors are collected, not
    // thrown. Idempotent.
    std::vector<std::string> Cleanup();

    std::string TapName(const std::string& suffix) const;

  private:
    pid_t m_owner;
    std::vector<std::string> m_namespaces;
    std::vector<int> m_tapFds;
};

} // namespace emulate
} // namespace seqex

#endif
