// A trace sink from a lambda, on every ns-3 this module builds with.
//
//   app->TraceConnectWithoutContext(
//       "AnswerAck", MakeLambdaCallback<uint16_t, uint32_t>([](uint16_t ch, uint32_t seq) { ... }));
//
// ns-3.36 and later construct a Callback from any callable. ns-3.35 and
// earlier (the waf-era trees wscript serves) have only a functor constructor
// with two dummy flags, Callback(functor, true, true), which the newer
// Callback would take as bound arguments, and they compare functors with !=
// (TraceDisconnect finds a sink that way), which a lambda lacks. So the form
// is chosen by what the installed Callback accepts, not by a version number,
// and for the old form the lambda is wrapped in a functor that compares by
// identity: copies of one callback are equal, two callbacks never are.
#ifndef SEQEX_LAMBDA_CALLBACK_H
#define SEQEX_LAMBDA_CALLBACK_H

#include "ns3/callback.h"

#include <cstdint>
#include <type_traits>
#include <utility>

namespace ns3
{

namespace seqex_detail
{

/**
 * \ingroup seqex
 * \brief A callable whose copies compare equal and which compares unequal
 * to every other (ns-3.35's Callback compares functors with == / !=).
 * \tparam F the callable's type
 */
template <typename F>
class IdentityComparedFunctor
{
  public:
    /**
     * \brief Wraps a callable under a new identity.
     * \param f the callable
     */
    explicit IdentityComparedFunctor(F f)
        : m_f(std::move(f)),
          m_id(NextId())
    {
    }

    /**
     * \brief Calls the wrapped callable.
     * \tparam A the argument types
     * \param args the arguments
     */
    template <typename... A>
    void operator()(A&&... args) const
    {
        m_f(std::forward<A>(args)...);
    }

    /**
     * \brief Identity comparison.
     * \param other another functor
     * \return true when both are copies of one callback
     */
    bool operator==(const IdentityComparedFunctor& other) const
    {
        return m_id == other.m_id;
    }

    /**
     * \brief Identity comparison.
     * \param other another functor
     * \return true unless both are copies of one callback
     */
    bool operator!=(const IdentityComparedFunctor& other) const
    {
        return m_id != other.m_id;
    }

  private:
    /**
     * \brief A new identity.
     * \return a number no earlier call returned
     */
    static uint64_t NextId()
    {
        static uint64_t next = 0; // ns-3 runs a simulation on one thread
        return ++next;
    }

    F m_f;         //!< the wrapped callable
    uint64_t m_id; //!< shared by copies, distinct between callbacks
};

} // namespace seqex_detail

/**
 * \ingroup seqex
 * \brief A trace sink from a lambda (or any callable), on every ns-3 the
 * module builds with.
 * \tparam Args the trace source's argument types
 * \tparam F the callable's type
 * \param f the callable
 * \return a Callback<void, Args...> calling f
 */
template <typename... Args, typename F>
Callback<void, Args...>
MakeLambdaCallback(F&& f)
{
    if constexpr (std::is_constructible_v<Callback<void, Args...>, F&&>)
    {
        return Callback<void, Args...>(std::forward<F>(f));
    }
    else
    {
        using Functor = seqex_detail::IdentityComparedFunctor<std::decay_t<F>>;
        return Callback<void, Args...>(Functor(std::forward<F>(f)), true, true);
    }
}

} // namespace ns3

#endif
