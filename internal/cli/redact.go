package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/redact"
)

// redactOptions are the flags of authdoctor redact.
type redactOptions struct {
	inPlace, dryRun, force bool
	// beforeRename, when set, runs after a file's redacted copy is
	// written and before it replaces the file (tests: a file that grows
	// meanwhile).
	beforeRename func(path string)
}

func newRedactCmd(env Env) *cobra.Command {
	o := &redactOptions{}
	cmd := &cobra.Command{
		Use:   "redact [--in-place FILE…]",
		Short: "Replace credentials in logs with [redacted:KIND:FINGERPRINT]",
		Long: `redact replaces every credential in text — JWTs, vendor keys, the credential
after Bearer or Basic, the password in URL user info, values of
credential-named fields (access_token=, "client_secret":, X-Api-Key:),
PEM private keys (each line of a key's body) and AWS secret access keys
near their access key id — with [redacted:KIND:FINGERPRINT]: the kind and the 8-hex SHA-256
fingerprint authdoctor shows everywhere, so a log still says which
credential was there, never its value. A vendor's published prefix stays
(sk_live_[redacted:vendor-key:1a2b3c4d]), as do publishable keys and
placeholders. Redacting twice changes nothing.

Without files it is a filter: it reads stdin and writes each line to
stdout as soon as the line is complete (a private key's lines when its
END line comes), so it can sit in a pipeline:
  app 2>&1 | authdoctor redact > app.log

--in-place FILE… rewrites files: the redacted copy is written beside the
original, synced to disk, given the original's mode and owner, and renamed
over it; every line and every byte that is no credential is kept. A file
that changes while it is read (still being written) is left as it is
unless --force. --dry-run says what would change and changes nothing; it
shows the lines as they would become, never the credential.

Exit status: 0 done (also when nothing was found), 2 usage error, 3 a file
could not be read, written or was still being written.`,
		Example: `  app 2>&1 | authdoctor redact > app.log
  kubectl logs deploy/api | authdoctor redact | less
  authdoctor redact --in-place --dry-run /var/log/app/*.log
  authdoctor redact --in-place /var/log/app/debug.log`,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRedact(cmd.Context(), o, args, env)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.inPlace, "in-place", false, "rewrite the files given instead of filtering stdin")
	f.BoolVar(&o.dryRun, "dry-run", false, "with --in-place: say what would change, change nothing")
	f.BoolVar(&o.force, "force", false, "with --in-place: rewrite a file even when it changed while being read")
	return cmd
}

func runRedact(ctx context.Context, o *redactOptions, files []string, env Env) error {
	if !o.inPlace {
		if len(files) > 0 {
			return usagef("redact filters stdin to stdout; to rewrite files give --in-place: authdoctor redact --in-place %s", files[0])
		}
		if o.dryRun || o.force {
			return usagef("--dry-run and --force go with --in-place")
		}
		bw := bufio.NewWriterSize(env.Stdout, 64<<10)
		_, n, err := redact.Copy(bw, env.Stdin, bw.Flush)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			return &exitError{code: ExitUnreachable, msg: "redact: " + err.Error()}
		}
		if n > 0 && env.StderrTerminal {
			fmt.Fprintf(env.Stderr, "authdoctor redact: %s replaced\n", countOf(int(n), "credential", "credentials"))
		}
		return nil
	}
	if len(files) == 0 {
		return usagef("give the files to rewrite: authdoctor redact --in-place FILE…")
	}
	var failed []string
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		msg, err := o.redactFile(p, env)
		if err != nil {
			fmt.Fprintf(env.Stderr, "authdoctor: %s\n", oneLine(err.Error()))
			failed = append(failed, p)
			continue
		}
		fmt.Fprintln(env.Stdout, msg)
	}
	if len(failed) > 0 {
		return exitCode(ExitUnreachable)
	}
	return nil
}

// startCopy creates the redacted copy of path beside it and writes the
// first n bytes of the original, read from f (the file being redacted,
// not the path again), to it unchanged.
func startCopy(path string, f *os.File, n int64) (*os.File, *bufio.Writer, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".redact-*")
	if err != nil {
		return nil, nil, fmt.Errorf("cannot write beside %s: %v", path, unwrapPathError(err))
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if _, err := io.Copy(bw, io.NewSectionReader(f, 0, n)); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, nil, fmt.Errorf("copying %s: %v", path, err)
	}
	return tmp, bw, nil
}

// redactFile rewrites one file (or, with --dry-run, says what would
// change) and returns the line to print.
func (o *redactOptions) redactFile(path string, env Env) (string, error) {
	before, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %v", path, unwrapPathError(err))
	}
	if !before.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file: leaving it", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	// The file is read and its copy written line by line: memory holds a
	// line (or a private key's lines), whatever the size of the file.
	// The copy is made at the first line that changes, from the bytes
	// before it, so a clean file is only read.
	var (
		tmp      *os.File
		bw       *bufio.Writer
		pending  []string // lines given to the stream, not yet written back
		written  int64    // bytes of the original before the next line written
		changed  int      // lines
		lines    int
		replaced int
	)
	done := false
	defer func() {
		if tmp != nil && !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	emit := func(red []byte, n int) error {
		lines++
		orig := pending[0] // a stream writes one line for each it takes, in order
		pending = pending[1:]
		if n > 0 || string(red) != orig {
			replaced += n
			changed++
			if o.dryRun {
				fmt.Fprintf(env.Stdout, "%s:%d: %s\n", path, lines, bytes.TrimSuffix(red, []byte("\n")))
			} else if tmp == nil {
				var err error
				if tmp, bw, err = startCopy(path, f, written); err != nil {
					return err
				}
			}
		}
		if bw != nil {
			if _, err := bw.Write(red); err != nil {
				return fmt.Errorf("writing %s: %v", tmp.Name(), err)
			}
		}
		written += int64(len(orig))
		return nil
	}
	var st redact.Stream
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		line, rerr := br.ReadString('\n')
		if line != "" {
			pending = append(pending, line)
			if err := st.Line(line, emit); err != nil {
				return "", err
			}
		}
		if rerr != nil {
			if err := st.End(emit); err != nil {
				return "", err
			}
			if rerr != io.EOF {
				return "", fmt.Errorf("cannot read %s: %v", path, rerr)
			}
			break
		}
	}
	if replaced == 0 && changed == 0 {
		return fmt.Sprintf("%s: no credential found (%s)", path, countOf(lines, "line", "lines")), nil
	}
	if o.dryRun {
		return fmt.Sprintf("%s: would replace %s on %s (dry run: nothing changed)", path, countOf(replaced, "credential", "credentials"),
			countOf(changed, "line", "lines")), nil
	}
	if err := bw.Flush(); err != nil {
		return "", fmt.Errorf("writing %s: %v", tmp.Name(), err)
	}
	if err := tmp.Chmod(before.Mode().Perm()); err != nil {
		return "", fmt.Errorf("keeping the mode of %s: %v", path, err)
	}
	if st, ok := before.Sys().(*syscall.Stat_t); ok {
		// Keep the owner; only root may give a file away, and then it
		// must, or a log daemon may lose its file.
		if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil && os.Geteuid() == 0 {
			return "", fmt.Errorf("keeping the owner of %s: %v", path, err)
		}
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("syncing %s: %v", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("writing %s: %v", tmp.Name(), err)
	}
	if o.beforeRename != nil {
		o.beforeRename(path)
	}
	if after, err := os.Stat(path); err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		if !o.force {
			return "", fmt.Errorf("%s changed while it was read (still being written?): left as it was; stop the writer or give --force", path)
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("replacing %s: %v", path, err)
	}
	done = true
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // the rename itself on disk
		d.Close()
	}
	return fmt.Sprintf("%s: replaced %s on %s", path, countOf(replaced, "credential", "credentials"), countOf(changed, "line", "lines")), nil
}
