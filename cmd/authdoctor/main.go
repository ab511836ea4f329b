// Command authdoctor finds out why an API request gets 401 or 403.
package main

import (
	"context"
	"os"

	"github.com/authdoctor/authdoctor/internal/cli"
)

func main() { os.Exit(cli.Main(context.Background(), os.Args[1:], cli.OSEnv())) }
