// Running the seqex-conformance program from a test, as a user would.
#ifndef SEQEX_CONFORMANCE_TEST_UTIL_H
#define SEQEX_CONFORMANCE_TEST_UTIL_H

#include <string>
#include <vector>

namespace seqex
{
namespace conformance_test
{

struct ToolRun
{
    int status = -1; // exit status, or -1 when it did not exit normally
    std::string out;
    std::string err;
};

// Runs the seqex-conformance program with `args` (no shell in between).
ToolRun RunConformance(const std::vector<std::string>& args);

// A fresh, empty directory for report files; removed with the object.
class TempDir
{
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string Path(const std::string& name) const
    {
        return m_dir + "/" + name;
    }

  private:
    std::string m_dir;
};

std::string ReadWholeFile(const std::string& path);

bool Contains(const std::string& text, const std::string& part);

// The block of the text report about case `id` ("--- <id> ..." up to the
// next block or the end); empty when there is none.
std::string CaseBlock(const std::string& report, const std::string& id);

// The line of the text report's case list for `id` ("  <id> LEVEL outcome ...").
std::string CaseLine(const std::string& report, const std::string& id);

// /bin/sh -c quoting.
std::string ShellQuote(const std::string& s);

std::string ReferenceAdapter();
std::string MisbehavingAdapter(const std::string& mode);
std::string PythonAdapter();

} // namespace conformance_test
} // namespace seqex

#endif
