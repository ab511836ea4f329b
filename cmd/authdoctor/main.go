// Command authdoctor finds out why an API request gets 401 or 403.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/authdoctor/authdoctor/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
