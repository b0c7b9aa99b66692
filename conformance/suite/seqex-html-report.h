// The interop matrix page (--report-html OUT): one static, self-contained
// HTML file (inline style and a few lines of script, nothing fetched).
// Rows are cases (by group), columns the implementations and then each pair
// of them (network cases only); a cell shows pass / fail / warn / error /
// skip and opens its details: the message, notes, the transcript (as the
// text report shows it, and whole when not too long), the adapter's stderr
// and the command that replays that cell alone. Above the table, per
// implementation: the verdict and its failing cases summarised by rule.
// The suite's version and seed head the page.
#ifndef SEQEX_HTML_REPORT_H
#define SEQEX_HTML_REPORT_H

#include "seqex-matrix.h"

#include <string>

namespace seqex
{
namespace conformance
{

std::string HtmlReport(const MatrixResult& m);

} // namespace conformance
} // namespace seqex

#endif
