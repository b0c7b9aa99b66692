// Read by the Doxygen check only (check-doxygen.cmake). The check reads the
// ns-3 glue's headers, not the headers that define the two namespaces: ns3
// is documented by ns-3's core, seqex by the sans-IO core (model/core).
// Doxygen checks the members of a namespace only when the namespace itself
// is documented, so this file stands in for those two.

/**
 * \namespace ns3
 * \brief ns-3's namespace: the SEQEX model's ns-3 glue lives in it.
 */

/**
 * \namespace seqex
 * \brief The SEQEX core and the ns-3-free parts of the model.
 */
