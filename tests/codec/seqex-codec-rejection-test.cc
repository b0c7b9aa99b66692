// Every documented rejection (doc/wire-format.md, "Strict parsing"), each
// with its reason, the order in which the checks apply, and the encoder's
// refusal of data that would not fit a datagram.
#include "seqex-codec-test-util.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace seqex;
using namespace seqex::codectest;

namespace
{

void
ExpectRejected(const Bytes& wire, DecodeError reason)
{
    DecodedDatagram d = DecodeExact(wire);
    BOOST_TEST(d.error == reason, "size " << wire.size());
    // A rejected datagram exposes no data.
    BOOST_TEST(d.data == nullptr);
    BOOST_TEST(d.dataLength == 0u);
}

} // namespace

BOOST_AUTO_TEST_SUITE(rejections)

BOOST_AUTO_TEST_CASE(reasons_have_names)
{
    BOOST_TEST(std::string(DecodeErrorName(DecodeError::None)) == "none");
    BOOST_TEST(std::string(DecodeErrorName(DecodeError::Truncated)) == "truncated");
    BOOST_TEST(std::string(DecodeErrorName(DecodeError::TrailingBytes)) == "trailing bytes");
    BOOST_TEST(std::string(DecodeErrorName(DecodeError::BadVersion)) == "unknown version");
    BOOST_TEST(std::string(DecodeErrorName(DecodeError::BadKind)) == "unknown packet kind");
    BOOST_TEST(std::string(DecodeErrorName(DecodeError::Oversized)) == "oversized");
}

BOOST_AUTO_TEST_CASE(empty_datagram_is_truncated)
{
    ExpectRejected({}, DecodeError::Truncated);
    ExpectRejected({kWireVersion}, DecodeError::Truncated);
}

// Every strict prefix of every kind's header.
BOOST_AUTO_TEST_CASE(truncated_header)
{
    for (PacketKind kind : kAllKinds)
    {
        Bytes wire = Encode(kind, 0x1111, 0x22222222, 0x33333333, {});
        for (size_t n = 0; n < HeaderSize(kind); ++n)
        {
            BOOST_TEST_CONTEXT(kind << " cut to " << n)
            {
                ExpectRejected(Bytes(wire.begin(), wire.begin() + n), DecodeError::Truncated);
            }
        }
    }
}

// The header is whole but declares more data than the datagram carries.
BOOST_AUTO_TEST_CASE(truncated_data)
{
    for (PacketKind kind : {PacketKind::Payload, PacketKind::SeqCstPayload, PacketKind::Reply,
                            PacketKind::SeqCstReply})
    {
        Bytes wire = Encode(kind, 1, 2, 3, Bytes(20, 0xab));
        for (size_t cut = 1; cut <= 20; ++cut)
        {
            BOOST_TEST_CONTEXT(kind << " missing " << cut << " data bytes")
            {
                ExpectRejected(Bytes(wire.begin(), wire.end() - cut), DecodeError::Truncated);
            }
        }
        // A length field claiming the maximum over an empty body.
        Bytes empty = Encode(kind, 1, 2, 3, {});
        empty[HeaderSize(kind) - 2] = 0xff;
        empty[HeaderSize(kind) - 1] = 0xff;
        ExpectRejected(empty, DecodeError::Truncated);
    }
}

// More bytes than the header accounts for, for every kind (an Ack has no
// data at all).
BOOST_AUTO_TEST_CASE(trailing_bytes)
{
    for (PacketKind kind : kAllKinds)
    {
        for (size_t extra : {1u, 2u, 100u})
        {
            Bytes wire = Encode(kind, 1, 2, 3, Bytes(5, 0x01));
            wire.insert(wire.end(), extra, 0x00);
            BOOST_TEST_CONTEXT(kind << " plus " << extra)
            {
                ExpectRejected(wire, DecodeError::TrailingBytes);
            }
        }
    }
}

// Any first byte but kWireVersion: never guessed, whatever follows.
BOOST_AUTO_TEST_CASE(bad_version)
{
    for (int version = 0; version < 256; ++version)
    {
        if (version == kWireVersion)
        {
            continue;
        }
        for (PacketKind kind : kAllKinds)
        {
            Bytes wire = Encode(kind, 1, 2, 3, {7});
            wire[0] = uint8_t(version);
            ExpectRejected(wire, DecodeError::BadVersion);
        }
        ExpectRejected({uint8_t(version), 0xff}, DecodeError::BadVersion); // before the kind
    }
}

BOOST_AUTO_TEST_CASE(bad_kind)
{
    for (int kind = 0; kind < 256; ++kind)
    {
        if (kind >= 1 && kind <= 5)
        {
            continue;
        }
        Bytes wire = Encode(PacketKind::Reply, 1, 2, 3, {7});
        wire[1] = uint8_t(kind);
        ExpectRejected(wire, DecodeError::BadKind);
        ExpectRejected({kWireVersion, uint8_t(kind)}, DecodeError::BadKind); // before the length
    }
}

BOOST_AUTO_TEST_CASE(oversized)
{
    // The largest datagram is accepted...
    Bytes largest = Encode(PacketKind::Payload, 1, 2, 3, Bytes(MaxDataFor(PacketKind::Payload), 0x5a));
    BOOST_TEST_REQUIRE(largest.size() == kMaxDatagramSize);
    BOOST_TEST((DecodeExact(largest).error == DecodeError::None));
    // ...one byte more is not, before anything else is looked at.
    Bytes bigger = largest;
    bigger.push_back(0);
    ExpectRejected(bigger, DecodeError::Oversized);
    Bytes garbage(kMaxDatagramSize + 1, 0xff);
    ExpectRejected(garbage, DecodeError::Oversized);
    Bytes huge(200000, 0x01);
    ExpectRejected(huge, DecodeError::Oversized);
}

// The checks apply in the documented order: size limit, version, kind,
// header length, data length.
BOOST_AUTO_TEST_CASE(checks_apply_in_the_documented_order)
{
    Bytes badBoth = {0x09, 0x09};
    ExpectRejected(badBoth, DecodeError::BadVersion); // version before kind
    Bytes badKindShort = {kWireVersion, 0x09, 0x00};
    ExpectRejected(badKindShort, DecodeError::BadKind); // kind before header length
    Bytes badVersionHuge(kMaxDatagramSize + 1, 0x09);
    ExpectRejected(badVersionHuge, DecodeError::Oversized); // size before version
}

// EncodeDatagram refuses data that would make the datagram exceed
// kMaxDatagramSize, and leaves the output empty. kMaxDataSize fits any kind.
BOOST_AUTO_TEST_CASE(encode_refuses_data_above_the_maximum)
{
    for (PacketKind kind : {PacketKind::Payload, PacketKind::SeqCstPayload, PacketKind::Reply,
                            PacketKind::SeqCstReply})
    {
        BOOST_TEST_CONTEXT(kind)
        {
            WireHeader h;
            h.kind = kind;
            Bytes data(70000, 0x11);
            Bytes out(3, 0xee);

            BOOST_TEST(EncodeDatagram(h, data.data(), kMaxDataSize, out));
            BOOST_TEST(out.size() == HeaderSize(kind) + kMaxDataSize);

            size_t max = MaxDataFor(kind);
            BOOST_TEST(EncodeDatagram(h, data.data(), max, out));
            BOOST_TEST(out.size() == kMaxDatagramSize);

            out.assign(3, 0xee);
            BOOST_TEST(!EncodeDatagram(h, data.data(), max + 1, out));
            BOOST_TEST(out.empty());
            // Beyond what the 16-bit length field could even express.
            out.assign(3, 0xee);
            BOOST_TEST(!EncodeDatagram(h, data.data(), 65536, out));
            BOOST_TEST(out.empty());

            OutgoingPacket<Bytes> p{kind, 1, 2, nullptr, false};
            Bytes tooBig(max + 1, 0x22);
            p.data = &tooBig;
            out.assign(3, 0xee);
            BOOST_TEST(!EncodeOutgoing(0, p, out));
            BOOST_TEST(out.empty());
        }
    }
    BOOST_TEST(kMaxDataSize == kMaxDatagramSize - kMaxHeaderSize);
}

BOOST_AUTO_TEST_SUITE_END()
