// A non-blocking UDP socket and the addresses it talks to (IPv4 or IPv6).
// Errors are std::runtime_error naming the address and the system's reason.
#ifndef SEQEX_UDP_SOCKET_H
#define SEQEX_UDP_SOCKET_H

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace seqex
{
namespace udp
{

class SocketAddress
{
  public:
    SocketAddress() = default;

    // "1.2.3.4:9000", "[::1]:9000" (numeric only: no name lookup, so a
    // typo is an error, not a DNS query). Port 0 means "any" when binding.
    // Throws std::invalid_argument naming what is wrong.
    static SocketAddress Parse(const std::string& text);

    int Family() const
    {
        return m_storage.ss_family;
    }

    uint16_t Port() const;
    SocketAddress WithPort(uint16_t port) const;
    // Same IP (the port ignored): the peer is its IP address.
    bool SameHost(const SocketAddress& o) const;
    bool operator==(const SocketAddress& o) const;
    bool operator!=(const SocketAddress& o) const
    {
        return !(*this == o);
    }
    std::string ToString() const;

    const sockaddr* Raw() const
    {
        return reinterpret_cast<const sockaddr*>(&m_storage);
    }
    sockaddr* Raw()
    {
        return reinterpret_cast<sockaddr*>(&m_storage);
    }
    socklen_t Length() const
    {
        return m_length;
    }
    void SetLength(socklen_t l)
    {
        m_length = l;
    }

  private:
    sockaddr_storage m_storage{};
    socklen_t m_length = 0;
};

class UdpSocket
{
  public:
    UdpSocket() = default;
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;
    UdpSocket(UdpSocket&& o) noexcept;
    UdpSocket& operator=(UdpSocket&& o) noexcept;

    // Opens a socket of `local`'s family bound to it (port 0: the system
    // picks one). Throws std::runtime_error on failure.
    static UdpSocket Bind(const SocketAddress& local);

    bool IsOpen() const
    {
        return m_fd >= 0;
    }
    int Fd() const
    {
        return m_fd;
    }
    // The bound address, with the port the system picked.
    const SocketAddress& Local() const
    {
        return m_local;
    }
    void Close();

    // Sends one datagram; returns 0 or the errno of a failed send (the
    // datagram is then lost, as on the network: retransmission repairs it).
    int SendTo(const uint8_t* data, size_t size, const SocketAddress& to);
    // One datagram into `buf`; nullopt when none is waiting. `truncated` is
    // set when it was larger than `capacity`.
    std::optional<size_t> ReceiveFrom(uint8_t* buf, size_t capacity, SocketAddress& from, bool& truncated);

  private:
    int m_fd = -1;
    SocketAddress m_local;
};

} // namespace udp
} // namespace seqex

#endif
