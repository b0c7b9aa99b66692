// Every packet kind encodes to the documented bytes (doc/wire-format.md) and
// decodes back to the same fields and data.
#include "seqex-codec-test-util.h"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace seqex;
using namespace seqex::codectest;

BOOST_AUTO_TEST_SUITE(round_trip)

// The byte layouts of doc/wire-format.md, written out by hand.
BOOST_AUTO_TEST_CASE(each_kind_has_the_documented_layout)
{
    const Bytes data{0xde, 0xad};
    BOOST_TEST(Encode(PacketKind::Payload, 0x0102, 0x0a0b0c0d, 0, data) ==
                   (Bytes{0x01, 0x01, 0x01, 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0x02, 0xde, 0xad}),
               boost::test_tools::per_element());
    BOOST_TEST(Encode(PacketKind::SeqCstPayload, 0xfffe, 0xffffffff, 0, {}) ==
                   (Bytes{0x01, 0x02, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00}),
               boost::test_tools::per_element());
    BOOST_TEST(Encode(PacketKind::Reply, 7, 0x01020304, 0x05060708, data) ==
                   (Bytes{0x01, 0x03, 0x00, 0x07, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x02,
                          0xde, 0xad}),
               boost::test_tools::per_element());
    BOOST_TEST(Encode(PacketKind::SeqCstReply, 0, 1, 2, {0x42}) ==
                   (Bytes{0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x42}),
               boost::test_tools::per_element());
    // An Ack has no seq, no length and no data: data given to it is ignored.
    BOOST_TEST(Encode(PacketKind::Ack, 0xabcd, 99, 0x80000001, data) ==
                   (Bytes{0x01, 0x05, 0xab, 0xcd, 0x80, 0x00, 0x00, 0x01}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(header_sizes)
{
    BOOST_TEST(HeaderSize(PacketKind::Ack) == 8u);
    BOOST_TEST(HeaderSize(PacketKind::Payload) == 10u);
    BOOST_TEST(HeaderSize(PacketKind::SeqCstPayload) == 10u);
    BOOST_TEST(HeaderSize(PacketKind::Reply) == 14u);
    BOOST_TEST(HeaderSize(PacketKind::SeqCstReply) == 14u);
    BOOST_TEST(kMaxHeaderSize == 14u);
}

// Fields survive the trip, at their edges too, for every kind and for data
// sizes from empty to the largest the kind allows.
BOOST_AUTO_TEST_CASE(every_kind_round_trips)
{
    const uint16_t channels[] = {0, 1, 0x8000, 0xffff};
    const Seq seqs[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff};
    for (PacketKind kind : kAllKinds)
    {
        std::vector<size_t> sizes = {0, 1, 255, 256, MaxDataFor(kind)};
        for (uint16_t channel : channels)
        {
            for (Seq seq : seqs)
            {
                for (size_t size : sizes)
                {
                    Bytes data(size);
                    for (size_t i = 0; i < size; ++i)
                    {
                        data[i] = uint8_t(i * 31 + seq);
                    }
                    Seq re = ~seq;
                    Bytes wire = Encode(kind, channel, seq, re, data);
                    BOOST_TEST_CONTEXT(kind << " channel " << channel << " seq " << seq << " size " << size)
                    {
                        size_t expectedData = kind == PacketKind::Ack ? 0 : size;
                        BOOST_TEST_REQUIRE(wire.size() == HeaderSize(kind) + expectedData);
                        DecodedDatagram d = DecodeExact(wire);
                        BOOST_TEST_REQUIRE(d.error == DecodeError::None);
                        BOOST_TEST(d.header.kind == kind);
                        BOOST_TEST(d.header.channel == channel);
                        BOOST_TEST(d.header.re == (kind == PacketKind::Ack || IsReplyKind(kind) ? re : 0u));
                        BOOST_TEST(d.header.seq == (IsDataKind(kind) ? seq : 0u));
                        BOOST_TEST(d.dataLength == expectedData);
                        BOOST_TEST(d.header.dataLength == expectedData);
                        BOOST_TEST((Bytes(d.data, d.data + d.dataLength) ==
                                    (kind == PacketKind::Ack ? Bytes{} : data)));
                        Bytes again;
                        BOOST_TEST_REQUIRE(EncodeDatagram(d.header, d.data, d.dataLength, again));
                        BOOST_TEST((again == wire));
                    }
                }
            }
        }
    }
}

// What an endpoint hands out encodes like the header it describes.
BOOST_AUTO_TEST_CASE(encode_outgoing_matches_encode_datagram)
{
    const Bytes data{1, 2, 3};
    for (PacketKind kind : kAllKinds)
    {
        OutgoingPacket<Bytes> p{kind, 11, 22, kind == PacketKind::Ack ? nullptr : &data, false};
        Bytes viaOutgoing;
        BOOST_TEST_REQUIRE(EncodeOutgoing(0x1234, p, viaOutgoing));
        Bytes expected = Encode(kind, 0x1234, kind == PacketKind::Ack ? 0 : 11, 22, data);
        BOOST_TEST((viaOutgoing == expected), kind);
        DecodedDatagram d = DecodeExact(viaOutgoing);
        BOOST_TEST_REQUIRE(d.error == DecodeError::None);
        BOOST_TEST(d.header.channel == 0x1234);
    }
}

// A header parsed on its own (the data may follow in another buffer).
BOOST_AUTO_TEST_CASE(decode_header_alone)
{
    Bytes wire = Encode(PacketKind::Reply, 3, 4, 5, Bytes(100, 0x55));
    WireHeader h;
    BOOST_TEST_REQUIRE(DecodeHeader(wire.data(), 14, h) == DecodeError::None);
    BOOST_TEST(h.kind == PacketKind::Reply);
    BOOST_TEST(h.channel == 3u);
    BOOST_TEST(h.seq == 4u);
    BOOST_TEST(h.re == 5u);
    BOOST_TEST(h.dataLength == 100u);
    uint8_t out[kMaxHeaderSize];
    BOOST_TEST(EncodeHeader(h, out) == 14u);
    BOOST_TEST((Bytes(out, out + 14) == Bytes(wire.begin(), wire.begin() + 14)));
}

// Encoding reuses the output buffer: it replaces whatever was there.
BOOST_AUTO_TEST_CASE(encode_replaces_previous_contents)
{
    Bytes out(500, 0xee);
    WireHeader h;
    h.kind = PacketKind::Ack;
    h.re = 9;
    BOOST_TEST_REQUIRE(EncodeDatagram(h, nullptr, 0, out));
    BOOST_TEST(out.size() == 8u);
    BOOST_TEST(DecodeExact(out).header.re == 9u);
}

BOOST_AUTO_TEST_SUITE_END()
