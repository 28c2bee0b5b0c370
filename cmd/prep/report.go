package main

import (
	"context"
	"errors"
	"io"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("prep report arrives with a later issue")
}
