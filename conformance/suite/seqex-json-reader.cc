#include "seqex-json-reader.h"

#include <cstdlib>

namespace seqex
{
namespace conformance
{

namespace
{

constexpr int kMaxDepth = 64;

class Reader
{
  public:
    explicit Reader(const std::string& text)
        : m_text(text)
    {
    }

    bool Document(JsonValue& out, std::string& error)
    {
        bool ok = Value(out, 0) && (Space(), m_pos == m_text.size() || Fail("text after the JSON value"));
        if (!ok)
        {
            error = m_error;
        }
        return ok;
    }

  private:
    bool Fail(const std::string& what)
    {
        int line = 1;
        int column = 1;
        for (size_t i = 0; i < m_pos && i < m_text.size(); ++i)
        {
            column = m_text[i] == '\n' ? 1 : column + 1;
            line += m_text[i] == '\n' ? 1 : 0;
        }
        m_error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what;
        return false;
    }

    void Space()
    {
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
        {
            ++m_pos;
        }
    }

    bool Literal(const char* word)
    {
        size_t n = std::char_traits<char>::length(word);
        if (m_text.compare(m_pos, n, word) != 0)
        {
            return Fail("expected a JSON value");
        }
        m_pos += n;
        return true;
    }

    bool Value(JsonValue& v, int depth)
    {
        if (depth > kMaxDepth)
        {
            return Fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        Space();
        if (m_pos >= m_text.size())
        {
            return Fail("unexpected end of the text");
        }
        char c = m_text[m_pos];
        switch (c)
        {
        case '{':
            return Object(v, depth);
        case '[':
            return Array(v, depth);
        case '"':
            v.kind = JsonValue::Kind::String;
            return String(v.string);
        case 't':
            v.kind = JsonValue::Kind::Bool;
            v.boolean = true;
            return Literal("true");
        case 'f':
            v.kind = JsonValue::Kind::Bool;
            return Literal("false");
        case 'n':
            return Literal("null");
        default:
            return Number(v);
        }
    }

    bool Number(JsonValue& v)
    {
        size_t start = m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '-')
        {
            ++m_pos;
        }
        auto digits = [&] {
            size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
            {
                ++m_pos;
            }
            return m_pos > from;
        };
        if (!digits())
        {
            m_pos = start;
            return Fail("expected a JSON value");
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '.' && (++m_pos, !digits()))
        {
            return Fail("expected digits after '.'");
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E'))
        {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
            {
                ++m_pos;
            }
            if (!digits())
            {
                return Fail("expected digits in the exponent");
            }
        }
        v.kind = JsonValue::Kind::Number;
        v.number = std::strtod(m_text.substr(start, m_pos - start).c_str(), nullptr);
        return true;
    }

    static void Utf8(uint32_t cp, std::string& out)
    {
        if (cp < 0x80)
        {
            out.push_back(char(cp));
        }
        else if (cp < 0x800)
        {
            out.push_back(char(0xc0 | (cp >> 6)));
            out.push_back(char(0x80 | (cp & 0x3f)));
        }
        else if (cp < 0x10000)
        {
            out.push_back(char(0xe0 | (cp >> 12)));
            out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
            out.push_back(char(0x80 | (cp & 0x3f)));
        }
        else
        {
            out.push_back(char(0xf0 | (cp >> 18)));
            out.push_back(char(0x80 | ((cp >> 12) & 0x3f)));
            out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
            out.push_back(char(0x80 | (cp & 0x3f)));
        }
    }

    bool Hex4(uint32_t& out)
    {
        out = 0;
        for (int k = 0; k < 4; ++k, ++m_pos)
        {
            char c = m_pos < m_text.size() ? m_text[m_pos] : '\0';
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
            {
                return Fail("expected four hex digits after \\u");
            }
            out = out * 16 + uint32_t(d);
        }
        return true;
    }

    bool String(std::string& out)
    {
        ++m_pos; // the opening quote
        out.clear();
        for (;;)
        {
            if (m_pos >= m_text.size())
            {
                return Fail("unterminated string");
            }
            unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"')
            {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
            {
                return Fail("a control character inside a string (escape it)");
            }
            if (c != '\\')
            {
                out.push_back(char(c));
                ++m_pos;
                continue;
            }
            ++m_pos;
            char e = m_pos < m_text.size() ? m_text[m_pos] : '\0';
            ++m_pos;
            switch (e)
            {
            case '"':
            case '\\':
            case '/':
                out.push_back(e);
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                uint32_t cp = 0;
                if (!Hex4(cp))
                {
                    return false;
                }
                if (cp >= 0xd800 && cp < 0xdc00 && m_text.compare(m_pos, 2, "\\u") == 0)
                {
                    m_pos += 2;
                    uint32_t low = 0;
                    if (!Hex4(low))
                    {
                        return false;
                    }
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                }
                Utf8(cp, out);
                break;
            }
            default:
                --m_pos;
                return Fail("unknown escape in a string");
            }
        }
    }

    bool Array(JsonValue& v, int depth)
    {
        v.kind = JsonValue::Kind::Array;
        ++m_pos;
        Space();
        if (m_pos < m_text.size() && m_text[m_pos] == ']')
        {
            ++m_pos;
            return true;
        }
        for (;;)
        {
            v.array.emplace_back();
            if (!Value(v.array.back(), depth + 1))
            {
                return false;
            }
            Space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',')
            {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']')
            {
                ++m_pos;
                return true;
            }
            return Fail("expected ',' or ']'");
        }
    }

    bool Object(JsonValue& v, int depth)
    {
        v.kind = JsonValue::Kind::Object;
        ++m_pos;
        Space();
        if (m_pos < m_text.size() && m_text[m_pos] == '}')
        {
            ++m_pos;
            return true;
        }
        for (;;)
        {
            Space();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
            {
                return Fail("expected a member name in double quotes");
            }
            std::string key;
            if (!String(key))
            {
                return false;
            }
            Space();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':')
            {
                return Fail("expected ':' after a member name");
            }
            ++m_pos;
            v.object.emplace_back(std::move(key), JsonValue{});
            if (!Value(v.object.back().second, depth + 1))
            {
                return false;
            }
            Space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',')
            {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}')
            {
                ++m_pos;
                return true;
            }
            return Fail("expected ',' or '}'");
        }
    }

    const std::string& m_text;
    size_t m_pos = 0;
    std::string m_error;
};

} // namespace

const JsonValue*
JsonValue::Find(const std::string& key) const
{
    for (const auto& [k, v] : object)
    {
        if (k == key)
        {
            return &v;
        }
    }
    return nullptr;
}

const char*
KindName(JsonValue::Kind kind)
{
    switch (kind)
    {
    case JsonValue::Kind::Null:
        return "null";
    case JsonValue::Kind::Bool:
        return "a boolean";
    case JsonValue::Kind::Number:
        return "a number";
    case JsonValue::Kind::String:
        return "a string";
    case JsonValue::Kind::Array:
        return "an array";
    case JsonValue::Kind::Object:
        return "an object";
    }
    return "?";
}

bool
ParseJson(const std::string& text, JsonValue& out, std::string& error)
{
    out = JsonValue{};
    return Reader(text).Document(out, error);
}

} // namespace conformance
} // namespace seqex
