// Random byte strings and mutations of valid datagrams (bit flips,
// truncations, extensions, splices, length-field edits) over many seeds: the
// decoder never crashes and never reads outside its input (the sanitizer
// build checks that), rejects exactly what doc/wire-format.md rejects, for
// the documented reason, and whatever it accepts re-encodes to the same
// bytes.
//
// Replay one seed: seqex-codec-tests --run_test=fuzz -- --seed=N
#include "seqex-codec-test-util.h"

#include <boost/test/unit_test.hpp>

#include <array>
#include <sstream>
#include <string>

using namespace seqex;
using namespace seqex::codectest;

namespace
{

constexpr uint64_t kSeeds = 400;
constexpr int kInputsPerSeed = 300;

// doc/wire-format.md, "Strict parsing", read independently of the decoder:
// the reason a datagram must be rejected for, or None.
DecodeError
DocumentedVerdict(const Bytes& w)
{
    if (w.size() > kMaxDatagramSize)
    {
        return DecodeError::Oversized;
    }
    if (w.size() < 2)
    {
        return DecodeError::Truncated;
    }
    if (w[0] != 1)
    {
        return DecodeError::BadVersion;
    }
    if (w[1] < 1 || w[1] > 5)
    {
        return DecodeError::BadKind;
    }
    size_t header = w[1] == 5 ? 8 : (w[1] == 3 || w[1] == 4) ? 14 : 10;
    if (w.size() < header)
    {
        return DecodeError::Truncated;
    }
    size_t length = header == 8 ? 0 : (size_t(w[header - 2]) << 8) | w[header - 1];
    if (w.size() < header + length)
    {
        return DecodeError::Truncated;
    }
    return w.size() > header + length ? DecodeError::TrailingBytes : DecodeError::None;
}

std::string
Hex(const Bytes& b)
{
    std::ostringstream s;
    s << b.size() << " bytes:";
    for (size_t i = 0; i < b.size() && i < 48; ++i)
    {
        s << ' ' << std::hex << int(b[i]);
    }
    if (b.size() > 48)
    {
        s << " ...";
    }
    return s.str();
}

Bytes
RandomBytes(SimRandom& r, size_t n)
{
    Bytes b(n);
    for (auto& x : b)
    {
        x = uint8_t(r.Next());
    }
    return b;
}

// Random bytes shaped like a datagram often enough to reach every check.
Bytes
RandomInput(SimRandom& r)
{
    size_t n = r.Chance(0.9) ? size_t(r.Between(0, 40)) : size_t(r.Between(0, 3000));
    Bytes b = RandomBytes(r, n);
    if (n >= 1 && r.Chance(0.7))
    {
        b[0] = kWireVersion;
    }
    if (n >= 2 && r.Chance(0.7))
    {
        b[1] = uint8_t(r.Between(0, 7));
    }
    if (n >= 2 && r.Chance(0.4))
    {
        // A length field that agrees with the size, give or take one.
        size_t header = b[1] == 5 ? 8 : (b[1] == 3 || b[1] == 4) ? 14 : 10;
        if (n >= header && header > 8)
        {
            size_t length = n - header + size_t(r.Between(-1, 1));
            b[header - 2] = uint8_t(length >> 8);
            b[header - 1] = uint8_t(length);
        }
    }
    return b;
}

Bytes
Mutate(SimRandom& r, const Bytes& valid, const Bytes& other)
{
    Bytes b = valid;
    switch (r.Below(7))
    {
    case 0: // bit flips
        for (int flips = int(r.Between(1, 4)); flips > 0 && !b.empty(); --flips)
        {
            b[r.Below(b.size())] ^= uint8_t(1u << r.Below(8));
        }
        break;
    case 1: // truncation
        b.resize(r.Below(b.size() + 1));
        break;
    case 2: // extension
        for (auto x : RandomBytes(r, size_t(r.Between(1, 16))))
        {
            b.push_back(x);
        }
        break;
    case 3: { // splice: a prefix of one datagram, the rest of another
        size_t cut = r.Below(b.size() + 1);
        size_t from = r.Below(other.size() + 1);
        b.resize(cut);
        b.insert(b.end(), other.begin() + from, other.end());
        break;
    }
    case 4: // length field edits
        if (b.size() >= 10 && b[1] != 5)
        {
            size_t at = (b[1] == 3 || b[1] == 4) ? 12 : 8;
            if (at + 1 < b.size())
            {
                int delta = int(r.Between(-2, 2));
                size_t length = ((size_t(b[at]) << 8) | b[at + 1]) + size_t(delta);
                if (r.Chance(0.2))
                {
                    length = r.Below(65536);
                }
                b[at] = uint8_t(length >> 8);
                b[at + 1] = uint8_t(length);
            }
        }
        break;
    case 5: // one byte overwritten
        if (!b.empty())
        {
            b[r.Below(b.size())] = uint8_t(r.Next());
        }
        break;
    default: // grown past the size limit
        if (r.Chance(0.05))
        {
            b.resize(kMaxDatagramSize + 1 + r.Below(4), 0x00);
        }
        break;
    }
    return b;
}

struct Tally
{
    std::array<uint64_t, 6> byReason{}; // indexed by DecodeError
};

// One input: no crash, the documented verdict, and an exact re-encoding.
bool
Check(uint64_t seed, const Bytes& input, Tally& tally)
{
    DecodedDatagram d = DecodeExact(input);
    DecodeError expected = DocumentedVerdict(input);
    ++tally.byReason[size_t(d.error)];
    if (d.error != expected)
    {
        BOOST_ERROR("seed " << seed << ": decoded as '" << DecodeErrorName(d.error) << "', documented '"
                            << DecodeErrorName(expected) << "' for " << Hex(input)
                            << "\nreplay: seqex-codec-tests --run_test=fuzz -- --seed=" << seed);
        return false;
    }
    if (d.error != DecodeError::None)
    {
        if (d.data != nullptr || d.dataLength != 0)
        {
            BOOST_ERROR("seed " << seed << ": rejected datagram exposes data: " << Hex(input));
            return false;
        }
        return true;
    }
    size_t header = HeaderSize(d.header.kind);
    bool inside = d.dataLength == 0 || (d.data >= input.data() + header &&
                                        d.data + d.dataLength == input.data() + input.size());
    Bytes again;
    if (!inside || header + d.dataLength != input.size() ||
        !EncodeDatagram(d.header, d.data, d.dataLength, again) || again != input)
    {
        BOOST_ERROR("seed " << seed << ": accepted datagram does not re-encode to itself: " << Hex(input)
                            << "\nreplay: seqex-codec-tests --run_test=fuzz -- --seed=" << seed);
        return false;
    }
    return true;
}

// Seeds to run: all of them, or the one given after "--".
std::pair<uint64_t, uint64_t>
SeedRange()
{
    auto& suite = boost::unit_test::framework::master_test_suite();
    for (int i = 1; i < suite.argc; ++i)
    {
        std::string arg = suite.argv[i];
        if (arg.rfind("--seed=", 0) == 0)
        {
            uint64_t seed = std::stoull(arg.substr(7));
            return {seed, seed + 1};
        }
    }
    return {1, 1 + kSeeds};
}

} // namespace

BOOST_AUTO_TEST_SUITE(fuzz)

BOOST_AUTO_TEST_CASE(random_and_mutated_datagrams)
{
    Tally tally;
    auto [first, end] = SeedRange();
    uint64_t failures = 0;
    for (uint64_t seed = first; seed != end && failures < 10; ++seed)
    {
        SimRandom r(seed);
        for (int i = 0; i < kInputsPerSeed; ++i)
        {
            Bytes input;
            if (r.Chance(0.3))
            {
                input = RandomInput(r);
            }
            else
            {
                Bytes valid = RandomValidDatagram(r);
                if (!Check(seed, valid, tally))
                {
                    ++failures;
                }
                input = Mutate(r, valid, RandomValidDatagram(r));
            }
            if (!Check(seed, input, tally))
            {
                ++failures;
            }
        }
    }
    BOOST_TEST(failures == 0u);
    std::ostringstream summary;
    for (size_t e = 0; e < tally.byReason.size(); ++e)
    {
        summary << ' ' << DecodeErrorName(DecodeError(e)) << '=' << tally.byReason[e];
    }
    BOOST_TEST_MESSAGE("decoded:" << summary.str());
    if (end - first == kSeeds)
    {
        // The inputs reach every outcome, so no check goes untested.
        for (size_t e = 0; e < tally.byReason.size(); ++e)
        {
            BOOST_TEST(tally.byReason[e] > 0u, "no input ended as '" << DecodeErrorName(DecodeError(e)) << "'");
        }
    }
}

// Every length of every prefix of a few valid datagrams, decoded one by one
// from exact-size copies: the classic out-of-bounds read.
BOOST_AUTO_TEST_CASE(every_prefix_of_valid_datagrams)
{
    Tally tally;
    SimRandom r(99);
    for (int i = 0; i < 50; ++i)
    {
        Bytes valid = RandomValidDatagram(r);
        for (size_t n = 0; n <= valid.size(); ++n)
        {
            BOOST_TEST_REQUIRE(Check(99, Bytes(valid.begin(), valid.begin() + n), tally));
        }
    }
    BOOST_TEST(tally.byReason[size_t(DecodeError::None)] == 50u); // only the whole datagrams
}

BOOST_AUTO_TEST_SUITE_END()
