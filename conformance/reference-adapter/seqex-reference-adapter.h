// The reference SEQEX implementation behind the conformance adapter
// protocol: the core's Endpoint<Bytes, Bytes>, one command line in, answer
// lines out. The seqex-reference-adapter program wraps it around stdin and
// stdout; the conformance suite also runs it in-process as the reference
// peer of its network cases.
//
// It reads no clock: time is the `t` of each command. After every command it
// drains every transmission and delivery the core has, so nothing
// deliverable waits for a later command. Delivered packets keep their Answer
// handle in a map keyed by seq until `reply` or `ack` names them.
#ifndef SEQEX_REFERENCE_ADAPTER_H
#define SEQEX_REFERENCE_ADAPTER_H

#include "seqex-adapter-faults.h"
#include "seqex-adapter-grammar.h"
#include "seqex-endpoint.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seqex
{
namespace conformance
{

// What `init` answers: "ok seqex-reference-core/1" (plus "+<fault>" for a
// faulty variant, so reports show which variant ran).
constexpr const char* kReferenceName = "seqex-reference-core/1";

class ReferenceAdapter
{
  public:
    explicit ReferenceAdapter(Fault fault = Fault::None);
    ~ReferenceAdapter();

    ReferenceAdapter(const ReferenceAdapter&) = delete;
    ReferenceAdapter& operator=(const ReferenceAdapter&) = delete;

    // Handles one command line (without its newline) and returns the answer:
    // event lines, then exactly one terminator line.
    std::vector<std::string> Handle(std::string_view line);

    // True once `quit` was answered.
    bool QuitRequested() const
    {
        return m_quit;
    }

  private:
    void Init(const Command& c, std::vector<std::string>& out);
    void Send(const Command& c, std::vector<std::string>& out);
    void Recv(const Command& c, std::vector<std::string>& out);
    void Reply(const Command& c, std::vector<std::string>& out);
    void AckCmd(const Command& c, std::vector<std::string>& out);
    void Tick(const Command& c, std::vector<std::string>& out);
    void Probe(std::vector<std::string>& out);

    // Moves everything the core has for the caller into `out`.
    void Drain(Verb verb, TimeMs now, std::vector<std::string>& out);

    FaultLayer m_faults;
    std::optional<TimeMs> m_lastT;
    bool m_quit = false;
    // Declared before the handles: members die in reverse order, and every
    // handle must go before the endpoint it points into.
    std::unique_ptr<ByteEndpoint> m_endpoint;
    std::map<Seq, Answer<Bytes, Bytes>> m_answers;
};

} // namespace conformance
} // namespace seqex

#endif
