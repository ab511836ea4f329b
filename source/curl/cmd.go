package curl

import (
	"path"
	"strings"
)

// cmdWords reads a command line written for Windows cmd, as DevTools'
// "Copy as cURL (cmd)" writes it. Two layers apply: cmd's own (^ escapes
// the next character, ^ at a line end continues the line, "…" quotes, and
// an unquoted newline, &, |, < or > ends the command), then the C
// runtime's argument splitting curl.exe sees ("…" groups, \" is a quote,
// backslashes double only before a quote). %VAR% is not expanded.
func cmdWords(s string) ([]word, []string, error) {
	notes := []string{"read as a Windows cmd command line"}
	if strings.Contains(s, "%") {
		notes = append(notes, "%VAR% references in a cmd line are not expanded")
	}
	line, rest := cmdLine(s)
	if strings.TrimSpace(rest) != "" {
		notes = append(notes, "the rest of the cmd line after a newline, &, |, < or > was ignored")
	}
	args := splitArgv(line)
	if len(args) == 0 {
		return nil, nil, &Error{Reason: "empty"}
	}
	name := strings.ToLower(path.Base(strings.ReplaceAll(args[0], `\`, "/")))
	if name != "curl" && name != "curl.exe" {
		return nil, nil, &Error{Reason: "no curl command found", Hint: "the command should start with curl"}
	}
	words := make([]word, 0, len(args)-1)
	for _, a := range args[1:] {
		words = append(words, litWord(a))
	}
	return words, notes, nil
}

// cmdLine applies cmd's layer and returns the command line and what was
// left after the command ended.
func cmdLine(s string) (line, rest string) {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
			b.WriteByte(c)
		case quoted:
			if c == '\n' {
				return b.String(), s[i:]
			}
			b.WriteByte(c)
		case c == '^':
			if i+1 >= len(s) {
				continue
			}
			i++
			if s[i] == '\n' {
				// A continuation: the first character of the next line
				// is taken as it is (so ^ + two newlines is a newline).
				if i+1 < len(s) {
					i++
					b.WriteByte(s[i])
				}
				continue
			}
			b.WriteByte(s[i])
		case c == '\n' || c == '&' || c == '|' || c == '<' || c == '>':
			return b.String(), s[i:]
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// splitArgv splits a Windows command line into arguments the way the C
// runtime does (CommandLineToArgvW).
func splitArgv(s string) []string {
	var args []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case !quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
			i++
		case c == '\\':
			n := 0
			for i < len(s) && s[i] == '\\' {
				n++
				i++
			}
			inWord = true
			if i < len(s) && s[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
					i++
				}
				continue
			}
			cur.WriteString(strings.Repeat(`\`, n))
		case c == '"':
			inWord = true
			if quoted && i+1 < len(s) && s[i+1] == '"' {
				cur.WriteByte('"')
				i += 2
				continue
			}
			quoted = !quoted
			i++
		default:
			cur.WriteByte(c)
			inWord = true
			i++
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args
}
