#include "seqex-udp-socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace seqex
{
namespace udp
{

namespace
{

uint16_t
ParsePort(const std::string& text, const std::string& whole)
{
    if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
    {
        throw std::invalid_argument("address '" + whole + "': port '" + text + "' is not a number in 0..65535");
    }
    unsigned long p = std::stoul(text);
    if (p > 65535)
    {
        throw std::invalid_argument("address '" + whole + "': port " + text + " is above 65535");
    }
    return static_cast<uint16_t>(p);
}

} // namespace

SocketAddress
SocketAddress::Parse(const std::string& text)
{
    SocketAddress a;
    std::string host;
    std::string port;
    if (!text.empty() && text[0] == '[')
    {
        size_t close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
        {
            throw std::invalid_argument("address '" + text + "': expected [ipv6]:port");
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&a.m_storage);
        if (inet_pton(AF_INET6, host.c_str(), &in6->sin6_addr) != 1)
        {
            throw std::invalid_argument("address '" + text + "': '" + host + "' is not a numeric IPv6 address");
        }
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(ParsePort(port, text));
        a.m_length = sizeof(sockaddr_in6);
        return a;
    }
    size_t colon = text.rfind(':');
    if (colon == std::string::npos)
    {
        throw std::invalid_argument("address '" + text + "': expected ipv4:port or [ipv6]:port");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    auto* in4 = reinterpret_cast<sockaddr_in*>(&a.m_storage);
    if (inet_pton(AF_INET, host.c_str(), &in4->sin_addr) != 1)
    {
        throw std::invalid_argument("address '" + text + "': '" + host +
                                    "' is not a numeric IPv4 address (IPv6 goes in brackets)");
    }
    in4->sin_family = AF_INET;
    in4->sin_port = htons(ParsePort(port, text));
    a.m_length = sizeof(sockaddr_in);
    return a;
}

uint16_t
SocketAddress::Port() const
{
    if (Family() == AF_INET6)
    {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_port);
    }
    return ntohs(reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_port);
}

SocketAddress
SocketAddress::WithPort(uint16_t port) const
{
    SocketAddress a = *this;
    if (Family() == AF_INET6)
    {
        reinterpret_cast<sockaddr_in6*>(&a.m_storage)->sin6_port = htons(port);
    }
    else
    {
        reinterpret_cast<sockaddr_in*>(&a.m_storage)->sin_port = htons(port);
    }
    return a;
}

bool
SocketAddress::SameHost(const SocketAddress& o) const
{
    if (Family() != o.Family())
    {
        return false;
    }
    if (Family() == AF_INET6)
    {
        return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_addr,
                           &reinterpret_cast<const sockaddr_in6*>(&o.m_storage)->sin6_addr,
                           sizeof(in6_addr)) == 0;
    }
    return reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in*>(&o.m_storage)->sin_addr.s_addr;
}

bool
SocketAddress::operator==(const SocketAddress& o) const
{
    return SameHost(o) && Port() == o.Port();
}

std::string
SocketAddress::ToString() const
{
    char buf[INET6_ADDRSTRLEN] = {0};
    if (Family() == AF_INET6)
    {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&m_storage)->sin6_addr, buf, sizeof(buf));
        return "[" + std::string(buf) + "]:" + std::to_string(Port());
    }
    if (Family() == AF_INET)
    {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&m_storage)->sin_addr, buf, sizeof(buf));
        return std::string(buf) + ":" + std::to_string(Port());
    }
    return "(no address)";
}

UdpSocket::~UdpSocket()
{
    Close();
}

UdpSocket::UdpSocket(UdpSocket&& o) noexcept
    : m_fd(o.m_fd),
      m_local(o.m_local)
{
    o.m_fd = -1;
}

UdpSocket&
UdpSocket::operator=(UdpSocket&& o) noexcept
{
    if (this != &o)
    {
        Close();
        m_fd = o.m_fd;
        m_local = o.m_local;
        o.m_fd = -1;
    }
    return *this;
}

UdpSocket
UdpSocket::Bind(const SocketAddress& local)
{
    int fd = ::socket(local.Family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        throw std::runtime_error("cannot open a UDP socket for " + local.ToString() + ": " + std::strerror(errno));
    }
    if (local.Family() == AF_INET6)
    {
        int only = 1; // an IPv6 peer speaks IPv6; mapped IPv4 would make strangers look like peers
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof(only));
    }
    if (::bind(fd, local.Raw(), local.Length()) != 0)
    {
        int e = errno;
        ::close(fd);
        throw std::runtime_error("cannot bind UDP " + local.ToString() + ": " + std::strerror(e));
    }
    UdpSocket s;
    s.m_fd = fd;
    SocketAddress bound;
    socklen_t len = sizeof(sockaddr_storage);
    ::getsockname(fd, bound.Raw(), &len);
    bound.SetLength(len);
    s.m_local = bound;
    return s;
}

void
UdpSocket::Close()
{
    if (m_fd >= 0)
    {
        ::close(m_fd);
        m_fd = -1;
    }
}

int
UdpSocket::SendTo(const uint8_t* data, size_t size, const SocketAddress& to)
{
    ssize_t n = ::sendto(m_fd, data, size, 0, to.Raw(), to.Length());
    return n < 0 ? errno : 0;
}

std::optional<size_t>
UdpSocket::ReceiveFrom(uint8_t* buf, size_t capacity, SocketAddress& from, bool& truncated)
{
    for (;;)
    {
        socklen_t len = sizeof(sockaddr_storage);
        // MSG_TRUNC: the return value is the datagram's real size.
        ssize_t n = ::recvfrom(m_fd, buf, capacity, MSG_TRUNC, from.Raw(), &len);
        if (n >= 0)
        {
            from.SetLength(len);
            truncated = static_cast<size_t>(n) > capacity;
            return truncated ? capacity : static_cast<size_t>(n);
        }
        if (errno == EINTR)
        {
            continue;
        }
        // EAGAIN: nothing waiting. ECONNREFUSED and the like are reports of
        // earlier sends (ICMP); they carry no datagram.
        if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
            return std::nullopt;
        }
        return std::nullopt;
    }
}

} // namespace udp
} // namespace seqex
