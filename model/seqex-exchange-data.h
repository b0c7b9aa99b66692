// The application-level bytes SeqexApplication puts in every payload and
// reply (SEQEX itself never looks inside data). They let the responder know,
// without any other state, whether to reply or to end the exchange with an
// Ack, and let the originator measure its exchanges. Big-endian:
//
//   offset  size  field
//        0     8  exchange id (unique per originating application)
//        8     2  node index: 0 = the payload, 1 = first reply, ...
//       10     2  planned length: data packets in the exchange (>= 1); the
//                 node with index plannedLength - 1 is answered with the Ack
//       12     1  flags: bit 0 = the exchange's packets are seq_cst
//       13     -  padding up to the configured size: byte i holds
//                 (exchange id + node index + i) mod 256, so corruption shows
//
// Even node indices travel from the originator, odd ones back from the
// responder; so a receiver knows whose exchange a node belongs to. No ns-3
// in here (namespace seqex): the real-UDP peer reads the same bytes.
#ifndef SEQEX_EXCHANGE_DATA_H
#define SEQEX_EXCHANGE_DATA_H

#include "ns3/seqex-wire.h"

#include <cstdint>
#include <optional>

namespace seqex
{

/**
 * \ingroup seqex
 * \brief One data packet of a built-in workload exchange, as its bytes say.
 */
struct ExchangeNode
{
    uint64_t exchangeId = 0;    //!< unique per originating application
    uint16_t index = 0;         //!< 0 = the payload, 1 = the first reply, ...
    uint16_t plannedLength = 1; //!< data packets in the exchange (>= 1)
    bool seqCst = false;        //!< the exchange's packets are seq_cst

    /**
     * \brief Whether this node is answered with the exchange's final Ack.
     * \return true for the node with index plannedLength - 1
     */
    bool IsLast() const
    {
        return index + 1u >= plannedLength;
    }

    /**
     * \brief Whether the exchange's originator sent this node.
     * \return true for even indices
     */
    bool FromOriginator() const
    {
        return index % 2 == 0;
    }
};

/// \ingroup seqex
/// The smallest encoding of an ExchangeNode, in bytes.
constexpr size_t kExchangeNodeSize = 13;

/**
 * \ingroup seqex
 * \brief Encodes a node, padded with its check pattern.
 * \param node the node
 * \param size the wanted length; at least kExchangeNodeSize is written
 * \return max(size, kExchangeNodeSize) bytes
 */
Bytes EncodeExchangeNode(const ExchangeNode& node, size_t size);

/**
 * \ingroup seqex
 * \brief Decodes a node from a packet's data.
 * \param data the data of a payload or reply
 * \return the node, or nullopt unless data is well formed: long enough,
 *         index below the planned length, no unknown flag, padding intact
 */
std::optional<ExchangeNode> DecodeExchangeNode(const Bytes& data);

} // namespace seqex

#endif
